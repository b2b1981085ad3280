# Small helpers so every module and test is declared the same way.

# bb_add_module(NAME SOURCES ... DEPS ...): one static library per core/ folder,
# exported as bb::NAME, whose public include root is core/.
function(bb_add_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
    add_library(bb_${name} STATIC ${ARG_SOURCES})
    add_library(bb::${name} ALIAS bb_${name})
    target_include_directories(bb_${name} PUBLIC "${PROJECT_SOURCE_DIR}/core")
    target_link_libraries(bb_${name} PUBLIC ${ARG_DEPS})
    target_compile_options(bb_${name} PRIVATE -Wall -Wextra)
    set_target_properties(bb_${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# bb_add_test(NAME SOURCES ... DEPS ... [GUI] [LABELS ...] [TIMEOUT s]): one Qt Test executable
# registered with ctest. GUI tests run on the offscreen platform.
function(bb_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;DEPS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_DEPS})
    target_compile_definitions(${name} PRIVATE
        BB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        BB_FIXTURES_DIR="${PROJECT_SOURCE_DIR}/../shared/fixtures"
        BB_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}")
endfunction()
