// The declaration in include/fuzzer_driver.h is all this target provides; libFuzzer defines it.
#include "fuzzer_driver.h"
