import Foundation

/// A request body as the server received it. Small bodies stay in memory; large ones (git pushes,
/// artifact and package uploads) are spilled to a temporary file that lives until the handler returns.
public enum HTTPBody: Sendable {
    case empty
    case data(Data)
    case file(URL)

    /// The body's size in bytes.
    public var count: Int {
        switch self {
        case .empty: return 0
        case .data(let data): return data.count
        case .file(let url):
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
            return size ?? 0
        }
    }

    /// The whole body in memory; for a spilled body this reads the file.
    public func data() throws -> Data {
        switch self {
        case .empty: return Data()
        case .data(let data): return data
        case .file(let url): return try Data(contentsOf: url)
        }
    }
}
