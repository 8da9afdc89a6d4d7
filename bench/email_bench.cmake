# The screener and the regulation loading are compiled in rather than taken from otklik_app, so
# that the benchmark needs only the libraries of its pipeline: MIME, triage, regulations, store.
add_executable(otklik_email_bench email_bench.cpp
    ${PROJECT_SOURCE_DIR}/src/app/triage_screener.cpp
    ${PROJECT_SOURCE_DIR}/src/app/triage_policy.cpp ${PROJECT_SOURCE_DIR}/src/app/regulations.cpp)
target_link_libraries(otklik_email_bench PRIVATE
    otklik_email otklik_storage otklik_triage otklik_regulation Boost::json spdlog::spdlog
    Threads::Threads otklik_warnings)
otklik_use_headers(otklik_email_bench app)
# Dovecot on loopback is started the way tests/channels starts it (loopback_servers.hpp).
target_include_directories(otklik_email_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests)
target_compile_definitions(otklik_email_bench PRIVATE
    OTKLIK_SOURCE_DIR="${PROJECT_SOURCE_DIR}" OTKLIK_SOURCE_DATA_DIR="${PROJECT_SOURCE_DIR}/data"
    OTKLIK_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
