import Foundation

/// Standard output and error for commands (stdout for results, stderr for findings), each text
/// ending in a newline.
public enum Output {
    public static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    public static func err(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
