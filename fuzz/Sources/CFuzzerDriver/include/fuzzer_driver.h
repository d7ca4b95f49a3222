#ifndef GANTRY_FUZZER_DRIVER_H
#define GANTRY_FUZZER_DRIVER_H
// libFuzzer's driver, linked by `-sanitize=fuzzer`: a Swift `main` hands it the arguments, so
// that SwiftPM's executable entry point and libFuzzer's own `main` do not collide.
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
#endif
