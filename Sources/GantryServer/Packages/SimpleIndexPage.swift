import Foundation
import GantryPipeline
import GantryPython
import GantryStore

/// The pages of a PEP 503 simple index, as HTML or as PEP 691 JSON (API version 1.1, with
/// PEP 700's `versions`, `size` and `upload-time`). Links are absolute paths (no scheme or
/// host), so they work whichever address the client used to reach the server.
enum SimpleIndexPage {
    static let repositoryVersion = "1.1"

    /// The root page: one link per project name. `simplePath` is the path of this page.
    static func root(names: [(normalizedName: String, name: String)], simplePath: String, format: SimpleIndexFormat) -> Data {
        if format == .json {
            let projects = names.map { JSONValue.object([("name", .string($0.name))]) }
            return json([("meta", meta), ("projects", .array(projects))])
        }
        var html = header(title: "Simple index")
        for entry in names {
            html += "    <a href=\"\(escape("\(simplePath)/\(entry.normalizedName)/"))\">\(escape(entry.name))</a><br>\n"
        }
        return Data((html + footer).utf8)
    }

    /// One project's page: every file, linked to `filesPath/<sha256>/<file name>` with its digest
    /// and `Requires-Python`, and for a file uploaded with attestations its PEP 740 provenance URL,
    /// `provenancePath/<sha256>/<file name>/provenance` (absolute, as PEP 740 asks).
    static func project(normalizedName: String, entries: [(package: PackageRecord, file: PackageFileRecord)], filesPath: String,
                        provenancePath: String, format: SimpleIndexFormat) -> Data {
        func url(_ file: PackageFileRecord) -> String { "\(filesPath)/\(file.sha256)/\(file.fileName)" }
        func provenance(_ file: PackageFileRecord) -> String? {
            file.attestedIdentity == nil ? nil : "\(provenancePath)/\(file.sha256)/\(file.fileName)/provenance"
        }
        if format == .json {
            let versions = Set(entries.map { PEP440Version($0.package.version) ?? PEP440Version(release: [0]) })
                .sorted().map { JSONValue.string($0.description) }
            let files = entries.map { entry -> JSONValue in
                var fields: [(String, JSONValue)] = [
                    ("filename", .string(entry.file.fileName)), ("url", .string(url(entry.file))),
                    ("hashes", .object([("sha256", .string(entry.file.sha256))])),
                ]
                if !entry.file.requiresPython.isEmpty { fields.append(("requires-python", .string(entry.file.requiresPython))) }
                fields += [("size", .int(entry.file.size)), ("upload-time", Presenter.date(entry.file.createdAt)),
                           ("provenance", provenance(entry.file).map(JSONValue.string) ?? .null)]
                return .object(fields)
            }
            return json([("meta", meta), ("name", .string(normalizedName)), ("versions", .array(versions)),
                         ("files", .array(files))])
        }
        var html = header(title: "Links for \(normalizedName)")
        for entry in entries {
            let file = entry.file
            html += "    <a href=\"\(escape(url(file)))#sha256=\(file.sha256)\""
            if !file.requiresPython.isEmpty { html += " data-requires-python=\"\(escape(file.requiresPython))\"" }
            if let provenance = provenance(file) { html += " data-provenance=\"\(escape(provenance))\"" }
            html += ">\(escape(file.fileName))</a><br>\n"
        }
        return Data((html + footer).utf8)
    }

    private static var meta: JSONValue { .object([("api-version", .string(repositoryVersion))]) }

    private static func json(_ fields: [(String, JSONValue)]) -> Data {
        Data(JSONValue.object(fields).serialized(pretty: false).utf8)
    }

    private static func header(title: String) -> String {
        """
        <!DOCTYPE html>
        <html>
          <head>
            <meta name="pypi:repository-version" content="\(repositoryVersion)">
            <title>\(escape(title))</title>
          </head>
          <body>
            <h1>\(escape(title))</h1>

        """
    }

    private static let footer = "  </body>\n</html>\n"

    /// HTML text and attribute escaping (`>=3.9` becomes `&gt;=3.9`).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
