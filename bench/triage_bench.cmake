# The triage tools compile the evaluation harness beside the libraries they link (tests/triage),
# with the data, test data and shipped regulation folders they read.
function(otklik_triage_tool name)
    add_executable(${name} ${ARGN} ${PROJECT_SOURCE_DIR}/tests/triage/triage_corpus.cpp)
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
    target_link_libraries(${name} PRIVATE otklik_triage otklik_regulation otklik_warnings)
    target_compile_definitions(${name} PRIVATE
        OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
        OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations"
        OTKLIK_TRIAGE_MODEL="${OTKLIK_TRIAGE_MODEL}")
    add_dependencies(${name} otklik_triage_model)
endfunction()

# Precision and recall per rule and per label on every set, and the time per appeal.
otklik_triage_tool(otklik_triage_bench triage_bench.cpp
    ${PROJECT_SOURCE_DIR}/tests/triage/triage_eval.cpp ${PROJECT_SOURCE_DIR}/src/app/triage_policy.cpp)
otklik_use_headers(otklik_triage_bench app)

# Every field of every outcome over the tuning corpus and its variants: diff before/after.
otklik_triage_tool(otklik_triage_dump triage_dump.cpp)

# Per-row misses of the training sets only (tuning, frozen, frozen2, frozen4); held-out sets not read.
otklik_triage_tool(otklik_triage_training triage_training.cpp
    ${PROJECT_SOURCE_DIR}/tests/triage/triage_eval.cpp ${PROJECT_SOURCE_DIR}/src/app/triage_policy.cpp)
otklik_use_headers(otklik_triage_training app)

# Triage of texts typed on stdin (probing a rule with sentences written for the purpose).
otklik_triage_tool(otklik_threat_probe threat_probe.cpp)
