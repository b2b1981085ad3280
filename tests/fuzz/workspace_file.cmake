# The workspace's own files (request, collection/folder and environment YAML) fed arbitrary input.
bb_add_fuzzer(workspace_file SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_workspace_file.cpp
    DEPS bb::workspace)
