import Foundation
import GantryCrypto
import GantryStore

/// `gantry admin transparency-log check`: recomputes the tree from the stored entries and compares
/// it with what the log has acknowledged. Finds a removed entry (a gap, or a tree head larger than
/// the entries), a changed body (its leaf hash or its signed entry timestamp no longer match) and
/// a tree whose root is not the one last recorded.
public enum TransparencyLogCheck {
    public struct Report: Sendable {
        public var size = 0
        public var rootHash = ""
        public var problems: [String] = []
        public var isConsistent: Bool { problems.isEmpty }
    }

    static let pageSize = 1000

    public static func run(store: any Store, dataRoot: URL) throws -> Report {
        let key = try LogKey.load(dataRoot: dataRoot, store: store, create: false)
        var report = Report()
        var tree = MerkleTree()
        var next = 0
        while true {
            let page = try store.logEntries(from: next, limit: pageSize)
            guard !page.isEmpty else { break }
            for entry in page {
                if entry.index != tree.size {
                    report.problems.append("entries \(tree.size)..<\(entry.index) are missing")
                }
                guard let body = Data(base64Encoded: entry.body) else {
                    report.problems.append("entry \(entry.index): its body is not base64")
                    tree.append(leafHash: Data(count: 32))
                    continue
                }
                let leaf = MerkleTree.leafHash(body)
                if leaf.hexString != entry.leafHash {
                    report.problems.append("entry \(entry.index): its body hashes to \(leaf.hexString), not its UUID \(entry.leafHash)")
                }
                let payload = TransparencyLog.setPayload(body: entry.body, integratedTime: entry.integratedTime, logID: key.logID,
                                                         logIndex: entry.index)
                if !(Data(base64Encoded: entry.signedEntryTimestamp).map { key.publicKey.verify(signature: $0, message: payload) } ?? false) {
                    report.problems.append("entry \(entry.index): its signed entry timestamp does not verify with the log's key")
                }
                // A gap keeps the indexes of what follows: the recomputed tree then differs from the recorded one.
                while tree.size < entry.index { tree.append(leafHash: Data(count: 32)) }
                tree.append(leafHash: leaf)
            }
            next = page.last!.index + 1
        }
        report.size = tree.size
        report.rootHash = tree.root().hexString
        if let head = try store.logHead() {
            if head.size != tree.size {
                report.problems.append("the last acknowledged tree has \(head.size) entries, the store holds \(tree.size)")
            } else if head.rootHash != report.rootHash {
                report.problems.append("the recomputed root \(report.rootHash) is not the acknowledged root \(head.rootHash)")
            }
        } else if tree.size > 0 {
            report.problems.append("the store holds \(tree.size) entries but no tree head")
        }
        return report
    }
}
