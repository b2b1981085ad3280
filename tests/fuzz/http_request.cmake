# The HTTP request reader and response serializer, fed arbitrary (often pipelined) bytes.
bb_add_fuzzer(http_request SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_http_request.cpp DEPS bb::http)
