# Writes a C++ source whose function spineload::detail::FUNCTION() returns the text of INPUT,
# so that a page template travels inside the library (CLI and Python wheel alike).
file(READ ${INPUT} text)
set(body "// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\nnamespace spineload::detail {\n")
string(APPEND body "std::string_view ${FUNCTION}() {\n")
string(APPEND body "  static constexpr std::string_view kText = R\"spineload_embed(${text})spineload_embed\";\n")
string(APPEND body "  return kText;\n}\n}  // namespace spineload::detail\n")
file(WRITE ${OUTPUT}.tmp "${body}")
file(COPY_FILE ${OUTPUT}.tmp ${OUTPUT} ONLY_IF_DIFFERENT)
file(REMOVE ${OUTPUT}.tmp)
