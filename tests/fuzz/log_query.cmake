bb_add_fuzzer(log_query SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_log_query.cpp DEPS bb::telemetry)
