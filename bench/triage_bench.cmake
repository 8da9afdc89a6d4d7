add_executable(otklik_triage_bench triage_bench.cpp ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp
    ${PROJECT_SOURCE_DIR}/tests/triage/triage_eval.cpp ${PROJECT_SOURCE_DIR}/src/app/triage_policy.cpp)
target_include_directories(otklik_triage_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
otklik_use_headers(otklik_triage_bench app)
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

# Per-row misses of the training sets only (tuning, frozen, frozen2); held-out sets not read.
add_executable(otklik_triage_training triage_training.cpp
    ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp ${PROJECT_SOURCE_DIR}/tests/triage/triage_eval.cpp ${PROJECT_SOURCE_DIR}/src/app/triage_policy.cpp)
target_include_directories(otklik_triage_training PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
otklik_use_headers(otklik_triage_training app)
target_link_libraries(otklik_triage_training PRIVATE otklik_triage otklik_regulation otklik_warnings)
target_compile_definitions(otklik_triage_training PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")

# Triage of texts typed on stdin (probing a rule with sentences written for the purpose).
add_executable(otklik_threat_probe threat_probe.cpp ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp)
target_include_directories(otklik_threat_probe PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
target_link_libraries(otklik_threat_probe PRIVATE otklik_triage otklik_regulation otklik_warnings)
target_compile_definitions(otklik_threat_probe PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")
