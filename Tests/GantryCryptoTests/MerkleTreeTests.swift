import Foundation
import GantryCrypto
import Testing

/// The tree against RFC 6962's definitions written out naively (MTH, PATH, PROOF over the leaves),
/// and its proofs checked with the verification algorithm clients run.
@Suite struct MerkleTreeTests {
    static func leaves(_ n: Int) -> [Data] { (0..<n).map { MerkleTree.leafHash(Data("entry \($0)".utf8)) } }

    static func mth(_ d: ArraySlice<Data>) -> Data {
        if d.count == 1 { return d.first! }
        let k = MerkleTreeTests.split(d.count)
        return MerkleTree.nodeHash(mth(d.prefix(k)), mth(d.dropFirst(k)))
    }

    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    static func path(_ m: Int, _ d: ArraySlice<Data>) -> [Data] {
        if d.count == 1 { return [] }
        let k = split(d.count)
        return m < k ? path(m, d.prefix(k)) + [mth(d.dropFirst(k))] : path(m - k, d.dropFirst(k)) + [mth(d.prefix(k))]
    }

    static func subproof(_ m: Int, _ d: ArraySlice<Data>, _ b: Bool) -> [Data] {
        if m == d.count { return b ? [] : [mth(d)] }
        let k = split(d.count)
        return m <= k ? subproof(m, d.prefix(k), b) + [mth(d.dropFirst(k))] : subproof(m - k, d.dropFirst(k), false) + [mth(d.prefix(k))]
    }

    /// sigstore-python's `verify_merkle_inclusion`, transcribed.
    static func rootFromProof(leaf: Data, index: Int, size: Int, proof: [Data]) -> Data? {
        let inner = (index ^ (size - 1)).bitWidth - (index ^ (size - 1)).leadingZeroBitCount
        let border = (index >> inner).nonzeroBitCount
        guard proof.count == inner + border else { return nil }
        var seed = leaf
        for (i, h) in proof.prefix(inner).enumerated() {
            seed = (index >> i) & 1 == 0 ? MerkleTree.nodeHash(seed, h) : MerkleTree.nodeHash(h, seed)
        }
        for h in proof.dropFirst(inner) { seed = MerkleTree.nodeHash(h, seed) }
        return seed
    }

    @Test func leafAndNodeHashesUseRFC6962Prefixes() {
        // SHA-256 of the single byte 0x00: the hash of an empty leaf in every RFC 6962 log.
        #expect(MerkleTree.leafHash(Data()).hexString == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        #expect(MerkleTree().root().hexString == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func rootsProofsAndConsistencyMatchTheDefinitions() {
        let all = Self.leaves(70)
        var tree = MerkleTree()
        for (n, leaf) in all.enumerated() {
            tree.append(leafHash: leaf)
            let size = n + 1
            #expect(tree.root() == Self.mth(all.prefix(size)[...]), "root of \(size)")
            for m in 0..<size {
                let proof = tree.inclusionProof(index: m, size: size)
                #expect(proof == Self.path(m, all.prefix(size)[...]), "path \(m) of \(size)")
                #expect(Self.rootFromProof(leaf: all[m], index: m, size: size, proof: proof) == tree.root())
                if m > 0 { #expect(tree.consistencyProof(from: m, to: size) == Self.subproof(m, all.prefix(size)[...], true)) }
            }
        }
        // Older sizes stay answerable after later appends.
        #expect(tree.root(size: 13) == Self.mth(all.prefix(13)[...]))
        #expect(tree.inclusionProof(index: 5, size: 13) == Self.path(5, all.prefix(13)[...]))
    }

    @Test func removeLastRestoresTheSmallerTree() {
        var tree = MerkleTree(leafHashes: Self.leaves(16))
        let root15 = MerkleTree(leafHashes: Array(Self.leaves(15))).root()
        tree.removeLast()
        #expect(tree.size == 15 && tree.root() == root15)
        tree.append(leafHash: Self.leaves(16)[15])
        #expect(tree.root() == Self.mth(Self.leaves(16)[...]))
    }

    @Test func proofLengthGrowsAsLog2OfTheSize() {
        let tree = MerkleTree(leafHashes: Self.leaves(1025))
        #expect(tree.inclusionProof(index: 0, size: 1024).count == 10)
        #expect(tree.inclusionProof(index: 0, size: 1025).count == 11)
        #expect(tree.inclusionProof(index: 1024, size: 1025).count == 1)
    }
}
