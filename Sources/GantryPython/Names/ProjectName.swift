/// A distribution name: valid per PEP 508 (`[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?`), kept as
/// the user spelled it; `normalized` is PEP 503's form (`My_Pkg.x` → `my-pkg-x`), the one indexes
/// compare and serve.
public struct ProjectName: Sendable, Hashable, CustomStringConvertible {
    public let spelling: String

    public struct InvalidName: Error, Equatable, Sendable, CustomStringConvertible {
        public var name: String
        public var description: String {
            "'\(name)' is not a valid Python project name: use ASCII letters, digits, '.', '-' and '_', starting and ending with a letter or digit (PEP 508)"
        }
    }

    public init(validating name: String) throws(InvalidName) {
        guard ProjectName.isValid(name) else { throw InvalidName(name: name) }
        spelling = name
    }

    public var description: String { spelling }

    /// PEP 503: lowercase, every run of `-`, `_` and `.` becomes one `-`.
    public var normalized: String { ProjectName.normalize(spelling) }

    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last, isAlnum(first), isAlnum(last) else { return false }
        return bytes.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    public static func normalize(_ name: String) -> String {
        var out = ""
        var inRun = false
        for scalar in name.unicodeScalars {
            if scalar == "-" || scalar == "_" || scalar == "." {
                if !inRun { out.append("-") }
                inRun = true
            } else {
                out.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
                inRun = false
            }
        }
        return out
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }
}
