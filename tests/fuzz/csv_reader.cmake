bb_add_fuzzer(csv_reader SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_csv_reader.cpp DEPS bb::dbx)
