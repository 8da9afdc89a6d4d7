# The triage text classifier (issue 15, docs/decisions/0009-triage-text-model.md), trained at
# build time from the labelled sets under tests/data/triage: the model is derived data, so it is
# never stale and never committed. Training takes seconds and runs again only when a set, the
# trainer or the model code changes. An installed server reads it from share/otklik/data.
set(OTKLIK_TRIAGE_MODEL ${PROJECT_BINARY_DIR}/triage_model.bin)

add_executable(otklik_triage_model_train
    tools/triage_model_train.cpp
    tests/triage/triage_corpus.cpp
    tests/triage/triage_eval.cpp
    src/app/triage_policy.cpp)
target_include_directories(otklik_triage_model_train PRIVATE ${PROJECT_SOURCE_DIR}/tests/triage)
otklik_use_headers(otklik_triage_model_train app)
target_link_libraries(otklik_triage_model_train PRIVATE otklik_triage otklik_regulation
                      otklik_warnings)
target_compile_definitions(otklik_triage_model_train PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data"
    OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")

file(GLOB otklik_triage_training_sets CONFIGURE_DEPENDS
     ${PROJECT_SOURCE_DIR}/tests/data/triage/corpus_*.tsv
     ${PROJECT_SOURCE_DIR}/tests/data/triage/frozen*/appeals.tsv)
# Retrained when a set or the code that shapes the model changes, not whenever the trainer
# relinks (every change of the triage library). A sanitizer build's trainer would report
# fastText's own allocations at exit.
add_custom_command(
    OUTPUT ${OTKLIK_TRIAGE_MODEL}
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
            $<TARGET_FILE:otklik_triage_model_train> ${PROJECT_SOURCE_DIR}/tests/data/triage
            ${OTKLIK_TRIAGE_MODEL}
    # The trainer as a target: the model is trained again whenever it is rebuilt (the list of
    # training sets, the labelling and the classifier's settings are compiled into it).
    DEPENDS ${otklik_triage_training_sets} otklik_triage_model_train
    COMMENT "Training the triage text classifier"
    VERBATIM)
add_custom_target(otklik_triage_model ALL DEPENDS ${OTKLIK_TRIAGE_MODEL})

# The server built here finds the model in the build tree; an installed one beside its data.
target_compile_definitions(otklik_app PRIVATE OTKLIK_BUILT_TRIAGE_MODEL="${OTKLIK_TRIAGE_MODEL}")
if(TARGET otklik)
    add_dependencies(otklik otklik_triage_model)
endif()
install(FILES ${OTKLIK_TRIAGE_MODEL} DESTINATION ${CMAKE_INSTALL_DATADIR}/otklik/data)
