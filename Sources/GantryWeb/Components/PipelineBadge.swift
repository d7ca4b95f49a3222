import Foundation
import GantryHTTP
import GantryServer

/// `/<project path>/badges/<ref>/pipeline.svg` (GitLab's path): "pipeline | passed" for the
/// newest pipeline of a ref, for READMEs. Drawn from the status word and numbers only.
enum PipelineBadge {
    static let suffix = "/pipeline.svg"

    /// The project path and ref of a badge path, when `path` is one.
    static func parse(_ rawPath: String) -> (project: String, ref: String)? {
        let path = PercentEncoding.decode(rawPath)
        guard path.hasSuffix(suffix), let marker = path.range(of: "/badges/") else { return nil }
        let project = String(path[path.index(after: path.startIndex)..<marker.lowerBound])
        let ref = String(path[marker.upperBound..<path.index(path.endIndex, offsetBy: -suffix.count)])
        guard !project.isEmpty, !ref.isEmpty else { return nil }
        return (project, ref)
    }

    static func svg(_ status: DetailedStatus?) -> HTTPResponse {
        let word = status?.label ?? "unknown"
        let colour: String
        switch status?.group {
        case "success": colour = "#108548"
        case "failed": colour = "#c91c00"
        case "running", "pending": colour = "#1f75cb"
        case "success-with-warnings", "manual", "scheduled": colour = "#ab6100"
        default: colour = "#737278"
        }
        let left = 56, right = 12 + 7 * word.count
        let image: HTML = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(left + right)" height="20" role="img" aria-label="pipeline: \(word)">\
            <title>pipeline: \(word)</title>\
            <rect width="\(left)" height="20" fill="#555"/><rect x="\(left)" width="\(right)" height="20" fill="\(colour)"/>\
            <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\
            <text x="6" y="14">pipeline</text><text x="\(left + 6)" y="14">\(word)</text></g></svg>
            """
        return HTTPResponse(status: 200, headers: [("Content-Type", "image/svg+xml"), ("Cache-Control", "no-cache, private"),
                                                   ("X-Content-Type-Options", "nosniff"),
                                                   ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")],
                            body: .data(Data(image.markup.utf8)))
    }
}
