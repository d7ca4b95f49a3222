import CFuzzerDriver
import Foundation

// libFuzzer runs the target chosen by GANTRY_FUZZ_TARGET on every input it makes.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = UnsafeMutableRawPointer(CommandLine.unsafeArgv)
    .assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
