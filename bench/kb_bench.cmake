add_executable(otklik_kb_bench kb_bench.cpp)
target_include_directories(otklik_kb_bench PRIVATE ${PROJECT_SOURCE_DIR}/tests/search)
target_link_libraries(otklik_kb_bench PRIVATE otklik_search otklik_storage otklik_core otklik_warnings)
target_compile_definitions(otklik_kb_bench PRIVATE OTKLIK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

add_executable(otklik_kb_eval kb_eval.cpp ${PROJECT_SOURCE_DIR}/tests/search/kb_eval.cpp)
target_include_directories(otklik_kb_eval PRIVATE ${PROJECT_SOURCE_DIR}/tests/search)
target_link_libraries(otklik_kb_eval PRIVATE otklik_search otklik_storage otklik_core otklik_warnings)
target_compile_definitions(otklik_kb_eval PRIVATE OTKLIK_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
