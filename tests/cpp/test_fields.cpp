// The field lists and the one typed setter: fields.hpp.
#include <gtest/gtest.h>

#include "spineload/config.hpp"
#include "spineload/fields.hpp"
#include "test_helpers.hpp"

namespace spineload {
namespace {

using test::field_of;

std::string message_of(auto&& action) {
  try {
    action();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

// Numbers come in as decimal text only: no hexadecimal, spaces, units or words.
TEST(Fields, TextNumbersAreDecimalOnly) {
  EXPECT_EQ(parse_decimal("load", "80"), 80.0);
  EXPECT_EQ(parse_decimal("load", "+1e2"), 100.0);
  EXPECT_EQ(parse_decimal("load", "-0.5"), -0.5);
  for (const char* bad : {"0x50", " 80", "80 ", "80kg", "", "inf", "nan", "1,5", "eighty"}) {
    EXPECT_EQ(field_of([&] { parse_decimal("load", bad); }), "load") << bad;
  }
}

// The typed setter checks the kind, the range and whole numbers, and prints values exactly.
TEST(Fields, TypedSetterChecksKindRangeAndWholeness) {
  SimulationOptions options;
  set_field(options, "max_steps", 5000.0);
  EXPECT_EQ(options.max_steps, 5000.0);
  EXPECT_NE(message_of([&] { set_field(options, "max_steps", 10.5); }).find("whole"),
            std::string::npos);
  // 100000001 is out of [10, 1e8]: the message shows the value exactly, so the reason shows
  EXPECT_NE(message_of([&] {
              set_field(options, "max_steps", 100000001.0);
            }).find("max_steps = 100000001: allowed [10, 100000000]"),
            std::string::npos)
      << message_of([&] { set_field(options, "max_steps", 100000001.0); });
  spineload::Setup setup;
  EXPECT_EQ(field_of([&] { set_field(setup, "load", true); }), "load");         // a flag
  EXPECT_EQ(field_of([&] { set_field(setup, "lowering", 1.0); }), "lowering");  // a number
  EXPECT_EQ(field_of([&] { set_field(setup, "posture", std::string("squat")); }), "posture");
  set_field_text(setup, "lowering", "true");
  EXPECT_TRUE(setup.lowering);
  EXPECT_EQ(setup, [] {
    spineload::Setup s;
    s.lowering = true;
    return s;
  }());  // nothing else changed
}

// An unknown name is answered with the closest known one.
TEST(Fields, UnknownNamesSuggestTheClosest) {
  spineload::Setup setup;
  EXPECT_NE(message_of([&] {
              set_field_text(setup, "bar_ofset", "0.1");
            }).find("did you mean bar_offset?"),
            std::string::npos);
  EXPECT_NE(message_of([&] {
              set_field_text(setup, "trunk_angle", "30");
            }).find("did you mean trunk_angle_deg?"),
            std::string::npos);
  EXPECT_EQ(message_of([&] { set_field_text(setup, "zzzzzzzz", "1"); }).find("did you mean"),
            std::string::npos);
  Lifter lifter;
  EXPECT_NE(message_of([&] {
              set_input_field_text(lifter, setup, nullptr, "hieght", "1.8");
            }).find("did you mean height?"),
            std::string::npos);
}

// Every numeric field has a non-empty range that holds its default (or 0 = table value).
TEST(Fields, EveryDefaultIsInsideItsRange) {
  auto check = [](const auto& input) {
    for_each_field(input, [](const auto& value, const FieldInfo& info) {
      EXPECT_NO_THROW(check_field(info, value)) << info.name;
      EXPECT_LE(info.min, info.max) << info.name;
      EXPECT_FALSE(info.doc.empty()) << info.name;
    });
  };
  check(Lifter{});
  check(spineload::Setup{});
  check(SimulationOptions{});
}

}  // namespace
}  // namespace spineload
