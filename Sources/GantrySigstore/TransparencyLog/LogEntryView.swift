import Foundation
import GantryStore

/// One entry with its proof of inclusion in the current tree, shaped as Rekor's `LogEntry`:
/// `{"<tree ID><leaf hash>": {body, integratedTime, logID, logIndex, verification: {...}}}`.
struct LogEntryView: Sendable {
    let record: TransparencyLogEntryRecord
    let treeID: Int64
    let logID: String
    let treeSize: Int
    let rootHash: Data
    let hashes: [Data]
    let checkpoint: String

    /// Rekor's entry ID: the 16-hex-digit tree ID then the 64-hex-digit leaf hash.
    var uuid: String { TransparencyLog.entryID(treeID: treeID, leafHash: record.leafHash) }

    var json: [String: Any] {
        [uuid: [
            "body": record.body,
            "integratedTime": record.integratedTime,
            "logID": logID,
            "logIndex": record.index,
            "verification": [
                "inclusionProof": [
                    "checkpoint": checkpoint,
                    "hashes": hashes.map(\.hexString),
                    "logIndex": record.index,
                    "rootHash": rootHash.hexString,
                    "treeSize": treeSize,
                ] as [String: Any],
                "signedEntryTimestamp": record.signedEntryTimestamp,
            ] as [String: Any],
        ] as [String: Any]]
    }
}
