bb_add_fuzzer(filter SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_filter.cpp DEPS bb::store)
target_include_directories(fuzz_filter PRIVATE "${PROJECT_SOURCE_DIR}/tests/support")
