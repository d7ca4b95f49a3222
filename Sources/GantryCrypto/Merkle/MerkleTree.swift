import COpenSSL
import Foundation

/// An RFC 6962 Merkle tree over leaf hashes, as Certificate Transparency and Rekor build it:
/// a leaf hashes as SHA-256(0x00 || data), an inner node as SHA-256(0x01 || left || right), and a
/// tree of n leaves splits at the largest power of two below n.
///
/// Append-only. It keeps, for every level k, the hashes of the complete subtrees of 2^k leaves,
/// so a root, an inclusion proof or a consistency proof for any size costs O(log² n) hashes at most
/// instead of rehashing the leaves (about 2n hashes of memory: 64 MB for a million entries).
public struct MerkleTree: Sendable {
    /// levels[k][i]: the hash of leaves [i·2^k, (i+1)·2^k).
    private var levels: [[Data]] = [[]]

    public init() {}

    public init(leafHashes: [Data]) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    public var size: Int { levels[0].count }

    public func leafHash(at index: Int) -> Data { levels[0][index] }

    public mutating func append(leafHash: Data) {
        levels[0].append(leafHash)
        var level = 0
        var index = levels[0].count - 1
        // A right child completes its parent; carry upwards while it does.
        while index % 2 == 1 {
            let parent = MerkleTree.nodeHash(levels[level][index - 1], levels[level][index])
            level += 1
            if levels.count == level { levels.append([]) }
            levels[level].append(parent)
            index /= 2
        }
    }

    /// Takes back the last append (a store that refused to keep the entry).
    public mutating func removeLast() {
        let newSize = size - 1
        precondition(newSize >= 0, "the tree is empty")
        for level in levels.indices {
            while levels[level].count > newSize >> level { levels[level].removeLast() }
        }
    }

    /// The root of the tree made of the first `size` leaves (the empty tree's root is SHA-256 of nothing).
    public func root(size: Int? = nil) -> Data {
        let size = size ?? self.size
        precondition(size >= 0 && size <= self.size, "tree size \(size) outside 0...\(self.size)")
        return size == 0 ? MerkleTree.sha256([]) : subtree(0, size)
    }

    /// RFC 6962 PATH(index, D[0:size]): the sibling hashes from the leaf up to the root.
    public func inclusionProof(index: Int, size: Int) -> [Data] {
        precondition(index >= 0 && index < size && size <= self.size, "leaf \(index) outside a tree of \(size)")
        var proof: [Data] = []
        path(index, 0, size, into: &proof)
        return proof
    }

    /// RFC 6962 PROOF(old, D[0:new]): what shows the tree of `new` leaves extends the one of `old`.
    public func consistencyProof(from old: Int, to new: Int) -> [Data] {
        precondition(old >= 0 && old <= new && new <= self.size, "sizes \(old), \(new) outside 0...\(self.size)")
        guard old > 0, old < new else { return [] }
        var proof: [Data] = []
        subproof(old, 0, new, complete: true, into: &proof)
        return proof
    }

    // MARK: Hashing

    public static func leafHash(_ data: Data) -> Data {
        var bytes: [UInt8] = [0]
        bytes.append(contentsOf: data)
        return sha256(bytes)
    }

    public static func nodeHash(_ left: Data, _ right: Data) -> Data {
        var bytes: [UInt8] = [1]
        bytes.reserveCapacity(1 + left.count + right.count)
        bytes.append(contentsOf: left)
        bytes.append(contentsOf: right)
        return sha256(bytes)
    }

    private static func sha256(_ bytes: [UInt8]) -> Data {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_Digest(bytes, bytes.count, &out, &length, EVP_sha256(), nil)
        return Data(out)
    }

    // MARK: Subtrees

    /// MTH(D[start:start+count]); `start` is always aligned to the subtree sizes the recursion makes.
    private func subtree(_ start: Int, _ count: Int) -> Data {
        if count & (count - 1) == 0 {
            let level = count.trailingZeroBitCount
            return levels[level][start >> level]
        }
        let split = MerkleTree.largestPowerOfTwo(below: count)
        return MerkleTree.nodeHash(subtree(start, split), subtree(start + split, count - split))
    }

    private func path(_ index: Int, _ start: Int, _ count: Int, into proof: inout [Data]) {
        guard count > 1 else { return }
        let split = MerkleTree.largestPowerOfTwo(below: count)
        if index < split {
            path(index, start, split, into: &proof)
            proof.append(subtree(start + split, count - split))
        } else {
            path(index - split, start + split, count - split, into: &proof)
            proof.append(subtree(start, split))
        }
    }

    private func subproof(_ old: Int, _ start: Int, _ count: Int, complete: Bool, into proof: inout [Data]) {
        if old == count {
            if !complete { proof.append(subtree(start, count)) }
            return
        }
        let split = MerkleTree.largestPowerOfTwo(below: count)
        if old <= split {
            subproof(old, start, split, complete: complete, into: &proof)
            proof.append(subtree(start + split, count - split))
        } else {
            subproof(old - split, start + split, count - split, complete: false, into: &proof)
            proof.append(subtree(start, split))
        }
    }

    /// The largest power of two strictly below `n` (n >= 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}
