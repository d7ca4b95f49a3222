import Foundation
import GantryCrypto
import Testing
@testable import GantryExecution

@Suite("Cache keys")
struct CacheKeyTests {
    private let root = URL(fileURLWithPath: "/nonexistent-gantry-root")

    @Test func absentOrEmptyKeyIsDefault() {
        #expect(CacheKey.resolve(.string(nil), in: root).key == "default")
        #expect(CacheKey.resolve(.string(""), in: root).key == "default")
        #expect(CacheKey.resolve(.string("main"), in: root) == CacheKey(key: "main", fallbackKeys: [], warnings: []))
    }

    /// The runner's own table (cache/cachekey/cachekey_test.go), in part.
    @Test(arguments: [
        ("fallback_key", "fallback_key"),
        ("some-job/some-ref", "some-job/some-ref"),
        ("...", "..."),
        ("fallback_key/", "fallback_key"),
        ("fallback_key \\", "fallback_key"),
        ("fallback_key / \\o", "fallback_key / /o"),
        ("\t foo bar \t\r", "\t foo bar"),
        (" foo / bar ", " foo / bar"),
        ("something %2F something", "something / something"),
        ("some%2f../job/some/ref/.", "job/some/ref"),
        ("%2E%2E%2E", "..."),
        ("%5C", "%5C"),
        ("foo/./bar", "foo/bar"),
        ("/foo/bar", "foo/bar"),
        ("../foo/bar", "foo/bar"),
        ("foo/bar/../../../.././blerp", "blerp"),
        ("a/b/c/../../d", "a/d"),
        (#"job\name/git\ref"#, "job/name/git/ref"),
        ("foo/ /bar", "foo/ /bar"),
        ("foo/ / /", "foo"),
        ("\\", ""), ("/", ""), (" ", ""), (".", ""), ("..", ""), ("//", ""),
        ("foo/bar/../..", ""), ("%2E", ""), ("%2e%2E", ""), (".%2E", ""),
    ])
    func sanitisesAsTheRunner(raw: String, expected: String) {
        #expect(CacheKey.sanitize(raw) == expected)
    }

    @Test func unsanitisableKeyHasNoCache() {
        let resolved = CacheKey.resolve(.string(".."), in: root)
        #expect(resolved.key == nil)
        #expect(resolved.warnings == ["cache key \"..\" could not be sanitized", "empty cache key: the cache is skipped"])
        let cleaned = CacheKey.resolve(.string("a/../b/"), in: root)
        #expect(cleaned.key == "b")
        #expect(cleaned.warnings == ["cache key \"a/../b/\" sanitized to \"b\""])
    }

    @Test func suffixesAsGitLabAppendsThem() {
        let suffix = CacheKeySuffix(index: 3, protection: .nonProtected)
        let resolved = CacheKey.resolve(.string("deps"), fallbackKeys: ["main", ""], in: root,
                                        variables: ["CACHE_FALLBACK_KEY": "global"], suffix: suffix)
        #expect(resolved.key == "deps-3-non_protected")
        #expect(resolved.fallbackKeys == ["main-3-non_protected", "global"])
        #expect(CacheKey.resolve(.string("deps"), in: root, suffix: .init(protection: .protected)).key == "deps-protected")
    }

    @Test func globalFallbackKeyMayNotEndInProtected() {
        let resolved = CacheKey.resolve(.string("k"), in: root, variables: ["CACHE_FALLBACK_KEY": "main-protected"])
        #expect(resolved.fallbackKeys.isEmpty)
        #expect(resolved.warnings == ["CACHE_FALLBACK_KEY \"main-protected\" not allowed to end in \"-protected\""])
    }

    @Test func filesKeyHashesContents() throws {
        try withTemporaryDirectory { dir in
            try writeFile(dir, "Gemfile.lock", "gems 1")
            try writeFile(dir, "package-lock.json", "{}")
            let key = CacheKey.resolve(.files(["Gemfile.lock", "package-lock.json"], prefix: "deps"), in: dir).key
            let expected = SHA256Digest.hex(Data([SHA256Digest.hex(Data("gems 1".utf8)),
                                                  SHA256Digest.hex(Data("{}".utf8))].sorted().joined(separator: "-").utf8))
            #expect(key == "deps-" + expected)
            // Order of the list does not matter; contents do.
            #expect(CacheKey.resolve(.files(["package-lock.json", "Gemfile.lock"], prefix: "deps"), in: dir).key == key)
            try writeFile(dir, "Gemfile.lock", "gems 2")
            let changed = CacheKey.resolve(.files(["Gemfile.lock", "package-lock.json"], prefix: "deps"), in: dir).key
            #expect(changed != key)
            #expect(changed?.count == "deps-".count + 64)
        }
    }

    @Test func filesKeyWithoutPrefixOrFiles() throws {
        try withTemporaryDirectory { dir in
            try writeFile(dir, "a/requirements.txt", "x")
            try writeFile(dir, "b/requirements.txt", "y")
            let glob = CacheKey.resolve(.files(["**/requirements.txt"], prefix: nil), in: dir).key
            let literal = CacheKey.resolve(.files(["a/requirements.txt", "b/requirements.txt"], prefix: ""), in: dir).key
            #expect(glob == literal)
            #expect(glob?.count == 64)
            #expect(CacheKey.resolve(.files(["missing.lock", "a"], prefix: "p"), in: dir).key == "p-default")
            #expect(CacheKey.resolve(.files([], prefix: nil), in: dir).key == "default")
            #expect(CacheKey.resolve(.files(["../outside"], prefix: nil), in: dir).key == "default")
        }
    }

    /// A key's files never come from outside the workspace: not through `..`, not as an absolute
    /// path, not through a symlink (to a file or a folder) that points out of it.
    @Test func filesKeyRefusesFilesOutsideTheWorkspace() throws {
        try withTemporaryDirectory { tmp in
            let root = tmp.appendingPathComponent("project")
            try writeFile(root, "poetry.lock", "inside")
            try writeFile(tmp, "secret.lock", "outside")
            try symlink(root, "leak.lock", to: tmp.appendingPathComponent("secret.lock").path)
            try symlink(root, "out", to: tmp.path)
            let inside = CacheKey.resolve(.files(["poetry.lock"], prefix: nil), in: root).key
            for escape in ["../secret.lock", tmp.appendingPathComponent("secret.lock").path, "leak.lock", "out/secret.lock", "out/*.lock"] {
                #expect(CacheKey.resolve(.files([escape], prefix: nil), in: root).key == "default", "\(escape)")
                #expect(CacheKey.resolve(.files(["poetry.lock", escape], prefix: nil), in: root).key == inside, "\(escape)")
            }
        }
    }

    @Test func configurationRules() {
        #expect(CacheKey.configurationError(forKey: "a/b") == "cannot contain the \"/\" character")
        #expect(CacheKey.configurationError(forKey: "a%2Fb") == "cannot contain the \"/\" character")
        #expect(CacheKey.configurationError(forKey: "..") == "cannot be \".\" or \"..\"")
        #expect(CacheKey.configurationError(forKey: "%2E") == "cannot be \".\" or \"..\"")
        #expect(CacheKey.configurationError(forKey: "$CI_COMMIT_REF_SLUG") == nil)
    }
}
