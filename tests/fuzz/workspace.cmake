# The workspace importers (cURL, HAR, Postman, OpenAPI, .http), each fed arbitrary input.
foreach(name curl_import har_import postman_import openapi_import http_file)
    bb_add_fuzzer(${name} SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_${name}.cpp
        DEPS bb::workspace)
endforeach()
