bb_add_fuzzer(jwt SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_jwt.cpp DEPS bb::identity)
