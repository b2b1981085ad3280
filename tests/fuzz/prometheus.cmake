bb_add_fuzzer(prometheus SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_prometheus.cpp DEPS bb::telemetry)
