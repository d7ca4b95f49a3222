import Foundation
import GantryHTTP
import GantryStore

/// Rekor's v1 REST API over a `TransparencyLog`, as sigstore-python and cosign call it. Anonymous,
/// as Rekor is: every entry is checked (its signature must verify) before it is logged, and the
/// server's body limit for API routes bounds what one request can ask.
public struct TransparencyLogRoutes: Sendable {
    let log: TransparencyLog

    public init(log: TransparencyLog) { self.log = log }

    /// Rekor's limit on the queries of one search.
    static let maxSearchQueries = 10
    /// Entry IDs one artifact-hash search answers at most.
    static let maxIndexResults = 1000

    /// For `ServerOptions.extraRoutes`: opens (on first start, makes) the log in the data directory.
    public static func registrar(_ router: inout Router, store: any Store, dataRoot: URL, baseURL: String) throws {
        TransparencyLogRoutes(log: try TransparencyLog(store: store, dataRoot: dataRoot, baseURL: baseURL)).register(&router)
    }

    public func register(_ router: inout Router) {
        router.add("POST", "/api/v1/log/entries", create)
        router.add("GET", "/api/v1/log/entries", byIndex)
        router.add("GET", "/api/v1/log/entries/:uuid", byUUID)
        router.add("POST", "/api/v1/log/entries/retrieve", search)
        router.add("POST", "/api/v1/index/retrieve", searchIndex)
        router.add("GET", "/api/v1/log", info)
        router.add("GET", "/api/v1/log/publicKey", publicKey)
        router.add("GET", "/api/v1/log/proof", proof)
    }

    private func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let entry = try CanonicalEntry.from(json: try Self.json(request))
        let view = try log.append(entry)
        return try Self.answer(view.json, status: 201, headers: [("ETag", view.uuid), ("Location", "/api/v1/log/entries/\(view.uuid)")])
    }

    private func byIndex(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let text = request.query("logIndex") else { throw RekorError(400, "logIndex in query is required") }
        guard let index = Int(text) else { throw RekorError(400, "logIndex in query must be of type int64: \"\(text.prefix(40))\"") }
        guard index >= 0 else { throw RekorError(400, "logIndex in query should be greater than or equal to 0") }
        guard let view = try log.entry(index: index) else { throw RekorError.notFound }
        return try Self.answer(view.json)
    }

    private func byUUID(_ request: HTTPRequest) throws -> HTTPResponse {
        let uuid = request.params["uuid"] ?? ""
        guard Self.isEntryID(uuid) else {
            throw RekorError(400, "entryUUID in path should match '^([0-9a-fA-F]{64}|[0-9a-fA-F]{80})$'")
        }
        guard let view = try log.entry(uuid: uuid) else { throw RekorError.notFound }
        return try Self.answer(view.json)
    }

    /// `{"entryUUIDs": [...], "logIndexes": [...], "entries": [...]}`: the entries found, in that
    /// order; a proposed entry is checked and canonicalized as for a submission, then looked up.
    private func search(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try EntryFields(try Self.json(request), at: "")
        let uuids = query.fields["entryUUIDs"] == nil ? [] : try query.array("entryUUIDs")
        let indexes = query.fields["logIndexes"] == nil ? [] : try query.array("logIndexes")
        let entries = query.fields["entries"] == nil ? [] : try query.array("entries")
        guard uuids.count + indexes.count + entries.count <= Self.maxSearchQueries else {
            throw RekorError(422, "more than max allowed \(Self.maxSearchQueries) entries in request")
        }
        var found: [LogEntryView] = []
        for item in uuids {
            guard let uuid = item as? String, Self.isEntryID(uuid) else { throw RekorError(400, "invalid uuid \(item)") }
            if let view = try log.entry(uuid: uuid) { found.append(view) }
        }
        for item in entries {
            let entry = try CanonicalEntry.from(json: item)
            if let view = try log.entry(uuid: entry.leafHash.hexString) { found.append(view) }
        }
        for item in indexes {
            guard let index = item as? Int, index >= 0 else {
                throw RekorError(400, "logIndexes must hold integers of at least 0")
            }
            if let view = try log.entry(index: index) { found.append(view) }
        }
        return try Self.answer(found.map(\.json))
    }

    /// Rekor's index search, by artifact hash only: `{"hash": "sha256:<hex>"}` → entry IDs.
    private func searchIndex(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try EntryFields(try Self.json(request), at: "")
        guard query.fields["hash"] != nil else { throw RekorError(400, "this log searches by hash only: give {\"hash\": \"sha256:<hex>\"}") }
        var hash = try query.string("hash").lowercased()
        if !hash.contains(":") { hash = "sha256:" + hash }
        let parts = hash.split(separator: ":", maxSplits: 1)
        let lengths = ["sha256": 64, "sha384": 96, "sha512": 128]
        guard parts.count == 2, lengths[String(parts[0])] == parts[1].count, Data(hexString: String(parts[1])) != nil else {
            throw RekorError(400, "hash in body should match '^(sha512:)?[0-9a-fA-F]{128}$|^(sha256:)?[0-9a-fA-F]{64}$'")
        }
        let ids = try log.store.logEntryIndexes(artifactHash: hash, limit: Self.maxIndexResults).compactMap { index in
            try log.store.logEntry(index: index).map { TransparencyLog.entryID(treeID: log.treeID, leafHash: $0.leafHash) }
        }
        return try Self.answer(ids)
    }

    private func info(_ request: HTTPRequest) throws -> HTTPResponse {
        let head = try log.head()
        return try Self.answer([
            "rootHash": head.root.hexString, "treeSize": head.size, "signedTreeHead": head.checkpoint, "treeID": String(log.treeID),
        ] as [String: Any])
    }

    private func publicKey(_ request: HTTPRequest) throws -> HTTPResponse {
        if let tree = request.query("treeID"), tree != String(log.treeID) {
            throw RekorError(404, "no tree \(tree.prefix(40)) in this log")
        }
        return .text(log.publicKey.pem, contentType: "application/x-pem-file")
    }

    private func proof(_ request: HTTPRequest) throws -> HTTPResponse {
        func size(_ name: String, default value: Int?) throws -> Int {
            guard let text = request.query(name) else {
                guard let value else { throw RekorError(400, "\(name) in query is required") }
                return value
            }
            guard let n = Int(text), n >= 1 else { throw RekorError(400, "\(name) in query should be an integer of at least 1") }
            return n
        }
        let first = try size("firstSize", default: 1)
        let last = try size("lastSize", default: nil)
        guard first <= last else { throw RekorError(400, "firstSize(\(first)) must be less than lastSize(\(last))") }
        let proof = try log.consistencyProof(from: first, to: last)
        return try Self.answer(["rootHash": proof.root.hexString, "hashes": proof.hashes.map(\.hexString)] as [String: Any])
    }

    // MARK: Shapes

    static func isEntryID(_ text: String) -> Bool {
        (text.count == 64 || text.count == 80) && Data(hexString: text) != nil
    }

    static func json(_ request: HTTPRequest) throws -> Any {
        let data = try request.bodyData()
        guard !data.isEmpty else { throw RekorError(400, "the request body is required") }
        guard let json = try? JSONSerialization.jsonObject(with: data) else {
            throw RekorError(400, "the request body is not JSON")
        }
        return json
    }

    static func answer(_ value: Any, status: Int = 200, headers: [(String, String)] = []) throws -> HTTPResponse {
        .json(status: status, try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]),
              headers: headers)
    }
}
