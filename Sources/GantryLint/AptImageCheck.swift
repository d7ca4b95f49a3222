/// Check 1: `apt install python:3.6-slim`. apt installs Debian packages; `name:tag` is how a
/// Docker image is named, and apt reads the part after `:` as an architecture it does not know.
enum AptImageCheck {
    /// Debian architectures (and apt's `:any`/`:native`): `python3:amd64` is a real package spec.
    static let architectures: Set<String> = [
        "amd64", "arm64", "armel", "armhf", "i386", "mips64el", "mipsel", "ppc64el", "s390x", "riscv64",
        "loong64", "x32", "alpha", "hppa", "ia64", "m68k", "powerpc", "ppc64", "sh4", "sparc64",
        "hurd-i386", "hurd-amd64", "kfreebsd-amd64", "kfreebsd-i386", "all", "any", "native",
    ]
    /// apt options that take a value.
    static let valued: Set<String> = ["-o", "-t", "-c", "--option", "--target-release", "--config-file", "--default-release"]

    static func problem(name: String, words: [String]) -> String? {
        guard name == "apt" || name == "apt-get" || name == "aptitude" else { return nil }
        var i = 1
        var sawInstall = false
        while i < words.count {
            let w = words[i]
            i += 1
            if w.hasPrefix("-") {
                if valued.contains(w) { i += 1 }
                continue
            }
            if !sawInstall {
                guard w == "install" else { return nil }
                sawInstall = true
                continue
            }
            if isImageReference(w) {
                let image = w
                let alternative = image.hasPrefix("python")
                    ? "or install Debian's interpreter (`apt-get install -y python3`)"
                    : "or install the Debian package by its Debian name"
                return "`\(name) install \(image)` asks apt for a Debian package, but `\(image)` is a Docker image "
                    + "tag: apt finds no such package and the job fails. Run the job in that image instead "
                    + "(`image: \(image)`), \(alternative)"
            }
        }
        return nil
    }

    /// `python:3.6-slim`, `node:20`, `registry.example.com:5000/team/python:3.12`: a Docker image
    /// name with a tag, which no Debian package spec looks like.
    static func isImageReference(_ word: String) -> Bool {
        guard !word.contains("="), !word.contains("//"), !word.contains("$"), !word.contains("*"),
              let first = word.unicodeScalars.first, first.properties.isLowercase || ("0"..."9").contains(first),
              let colon = word.lastIndex(of: ":") else { return false }
        let name = word[..<colon]
        let tag = word[word.index(after: colon)...]
        guard !name.isEmpty, !tag.isEmpty, !architectures.contains(String(tag)) else { return false }
        // A registry port (`host:5000/…`) may add one more colon, before the first slash.
        let nameParts = name.split(separator: ":", omittingEmptySubsequences: false)
        if nameParts.count > 2 { return false }
        if nameParts.count == 2 {
            let port = nameParts[1].prefix { $0 != "/" }
            guard !port.isEmpty, port.allSatisfy(\.isNumber), nameParts[1].contains("/") else { return false }
        }
        let nameOK = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-" || $0 == "/" || $0 == ":"
        }
        let tagOK = tag.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "_" || $0 == "-"
        }
        return nameOK && tagOK && tag.first != "." && tag.first != "-"
    }
}
