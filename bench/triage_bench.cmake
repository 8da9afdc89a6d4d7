add_executable(otklik_triage_bench triage_bench.cpp ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp
    ${PROJECT_SOURCE_DIR}/tests/triage/triage_eval.cpp)
target_include_directories(otklik_triage_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
target_link_libraries(otklik_triage_bench PRIVATE otklik_triage otklik_regulation otklik_warnings)
target_compile_definitions(otklik_triage_bench PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")

# Every field of every outcome over the tuning corpus and its variants: diff before/after.
add_executable(otklik_triage_dump triage_dump.cpp ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp)
target_include_directories(otklik_triage_dump PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
target_link_libraries(otklik_triage_dump PRIVATE otklik_triage otklik_regulation otklik_warnings)
target_compile_definitions(otklik_triage_dump PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")

# Per-row misses of the tuning corpus and of the training frozen sets (ids and decisions only);
# refuses the held-out sets (frozen3, frozen4).
add_executable(otklik_triage_misses triage_misses.cpp ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp
    ${PROJECT_SOURCE_DIR}/tests/triage/triage_eval.cpp)
target_include_directories(otklik_triage_misses PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
target_link_libraries(otklik_triage_misses PRIVATE otklik_triage otklik_regulation otklik_warnings)
target_compile_definitions(otklik_triage_misses PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")
