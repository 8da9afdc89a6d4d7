add_executable(otklik_register_bench register_bench.cpp)
target_link_libraries(otklik_register_bench PRIVATE otklik_regulation otklik_storage otklik_warnings)
target_compile_definitions(otklik_register_bench PRIVATE
    OTKLIK_DATA_DIR="${PROJECT_SOURCE_DIR}/data" OTKLIK_REGULATIONS_DIR="${PROJECT_SOURCE_DIR}/regulations")
