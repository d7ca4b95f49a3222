import Foundation

/// One entry of the transparency log, as Rekor's v1 API serves it.
public struct TransparencyLogEntryRecord: Sendable, Equatable {
    public var index: Int
    /// RFC 6962 leaf hash of the canonical body, lower-case hex: the entry's UUID.
    public var leafHash: String
    /// `hashedrekord` or `dsse`.
    public var kind: String
    /// The canonical body, base64.
    public var body: String
    /// When it was appended, seconds since 1970.
    public var integratedTime: Int
    /// The log's signature over the entry (Rekor's SET), base64.
    public var signedEntryTimestamp: String
    /// `sha256:<hex>` of the signed artifact (hashedrekord) or DSSE payload.
    public var artifactHash: String

    public init(index: Int, leafHash: String, kind: String, body: String, integratedTime: Int, signedEntryTimestamp: String,
                artifactHash: String) {
        self.index = index
        self.leafHash = leafHash
        self.kind = kind
        self.body = body
        self.integratedTime = integratedTime
        self.signedEntryTimestamp = signedEntryTimestamp
        self.artifactHash = artifactHash
    }
}

/// The size and root hash (hex) of the log's tree after an append.
public struct TransparencyLogHead: Sendable, Equatable {
    public var size: Int
    public var rootHash: String

    public init(size: Int, rootHash: String) {
        self.size = size
        self.rootHash = rootHash
    }
}
