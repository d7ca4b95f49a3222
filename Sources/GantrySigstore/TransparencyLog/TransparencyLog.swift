import Foundation
import GantryCrypto
import GantryStore
import Synchronization

/// The transparency log behind Rekor's v1 API: an RFC 6962 Merkle tree over the store's entries.
///
/// Appends are serialized (one lock around index, tree and store) and acknowledged only once the
/// store has committed the entry and the tree head it makes, so an answered entry survives a kill.
/// The tree's inner hashes live in memory, rebuilt from the stored leaf hashes at start; this
/// process must be the log's only writer (a second one is refused by the store's index check).
public final class TransparencyLog: Sendable {
    let store: any Store
    let key: LogKey
    /// The checkpoint origin's name: the host of the server's URL.
    let hostname: String
    private let tree: Mutex<MerkleTree>
    /// Why the stored log cannot be served (an entry removed or changed behind the server's back).
    let damage: String?

    public init(store: any Store, dataRoot: URL, baseURL: String) throws {
        self.store = store
        key = try LogKey.load(dataRoot: dataRoot, store: store, create: true)
        hostname = URL(string: baseURL)?.host ?? "gantry"
        let loaded = try TransparencyLog.rebuild(store)
        tree = Mutex(loaded.tree)
        damage = loaded.damage
    }

    public var publicKey: PublicKey { key.publicKey }
    var logID: String { key.logID }

    static func entryID(treeID: Int64, leafHash: String) -> String {
        String(format: "%016llx", UInt64(treeID)) + leafHash
    }

    /// The tree from the stored leaf hashes, and what does not fit (a gap, a head the leaves do not make).
    static func rebuild(_ store: any Store) throws -> (tree: MerkleTree, damage: String?) {
        var tree = MerkleTree()
        for row in try store.logLeafHashes() {
            guard row.index == tree.size, let hash = Data(hexString: row.leafHash), hash.count == 32 else {
                return (tree, "entry \(tree.size) is missing from the store")
            }
            tree.append(leafHash: hash)
        }
        let head = try store.logHead()
        if (head?.size ?? 0) != tree.size || (head.map { $0.rootHash != tree.root().hexString } ?? false) {
            return (tree, "the store holds \(tree.size) entries but its last tree head has \(head?.size ?? 0)")
        }
        return (tree, nil)
    }

    private func checkWhole() throws {
        if let damage {
            throw RekorError(500, "the transparency log is damaged (\(damage)); see `gantry admin transparency-log check`")
        }
    }

    // MARK: Writing

    /// Appends a checked entry; an entry already in the log is Rekor's 409 with its location.
    func append(_ entry: CanonicalEntry) throws -> LogEntryView {
        try checkWhole()
        let leaf = entry.leafHash
        let leafHex = leaf.hexString
        let body = entry.body.base64EncodedString()
        let (record, size, root, proof) = try tree.withLock { tree in
            if try store.logEntry(leafHash: leafHex) != nil {
                let id = TransparencyLog.entryID(treeID: key.treeID, leafHash: leafHex)
                throw RekorError(409, "an equivalent entry already exists in the transparency log with UUID \(id)",
                                 headers: [("Location", "/api/v1/log/entries/\(id)")])
            }
            let index = tree.size
            let time = Int(Date().timeIntervalSince1970)
            let timestamp = try key.privateKey.sign(TransparencyLog.setPayload(body: body, integratedTime: time, logID: logID, logIndex: index))
            let record = TransparencyLogEntryRecord(index: index, leafHash: leafHex, kind: entry.kind, body: body, integratedTime: time,
                                                    signedEntryTimestamp: timestamp.base64EncodedString(), artifactHash: entry.artifactHash)
            tree.append(leafHash: leaf)
            let root = tree.root()
            do {
                try store.appendLogEntry(record, head: TransparencyLogHead(size: tree.size, rootHash: root.hexString))
            } catch {
                tree.removeLast()
                throw error
            }
            return (record, tree.size, root, tree.inclusionProof(index: index, size: tree.size))
        }
        return try view(record, size: size, root: root, proof: proof)
    }

    /// What a signed entry timestamp signs: the entry without its verification, as RFC 8785 JSON.
    static func setPayload(body: String, integratedTime: Int, logID: String, logIndex: Int) -> Data {
        CanonicalJSON.object(["body": .string(body), "integratedTime": .int(integratedTime), "logID": .string(logID),
                              "logIndex": .int(logIndex)]).data
    }

    // MARK: Reading

    /// An entry with its inclusion proof in the current tree.
    func view(_ record: TransparencyLogEntryRecord) throws -> LogEntryView {
        try checkWhole()
        let (size, root, proof) = tree.withLock { tree in
            (tree.size, tree.root(), tree.inclusionProof(index: record.index, size: tree.size))
        }
        return try view(record, size: size, root: root, proof: proof)
    }

    private func view(_ record: TransparencyLogEntryRecord, size: Int, root: Data, proof: [Data]) throws -> LogEntryView {
        LogEntryView(record: record, treeID: key.treeID, logID: logID, treeSize: size, rootHash: root, hashes: proof,
                     checkpoint: try Checkpoint.signed(hostname: hostname, key: key, size: size, rootHash: root))
    }

    func entry(index: Int) throws -> LogEntryView? {
        guard index >= 0, index < tree.withLock({ $0.size }), let record = try store.logEntry(index: index) else { return nil }
        return try view(record)
    }

    /// By Rekor's entry ID (tree ID + leaf hash) or the bare leaf hash.
    func entry(uuid: String) throws -> LogEntryView? {
        var leaf = uuid.lowercased()
        if leaf.count == 80 {
            guard leaf.hasPrefix(String(format: "%016llx", UInt64(key.treeID))) else { return nil }
            leaf = String(leaf.dropFirst(16))
        }
        guard let record = try store.logEntry(leafHash: leaf), record.index < tree.withLock({ $0.size }) else { return nil }
        return try view(record)
    }

    /// Size, root hash and a freshly signed checkpoint of the current tree.
    func head() throws -> (size: Int, root: Data, checkpoint: String) {
        try checkWhole()
        let (size, root) = tree.withLock { ($0.size, $0.root()) }
        return (size, root, try Checkpoint.signed(hostname: hostname, key: key, size: size, rootHash: root))
    }

    func consistencyProof(from first: Int, to last: Int) throws -> (root: Data, hashes: [Data]) {
        try checkWhole()
        return try tree.withLock { tree in
            guard last <= tree.size else {
                throw RekorError(400, "the tree size requested(\(last)) was greater than what is currently observable(\(tree.size))")
            }
            return (tree.root(size: last), tree.consistencyProof(from: first, to: last))
        }
    }

    var treeID: Int64 { key.treeID }
}
