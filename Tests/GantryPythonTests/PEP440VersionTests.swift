import Testing
@testable import GantryPython

@Suite struct PEP440VersionTests {
    @Test(arguments: [
        ("1.0", "1.0"), ("v1.0", "1.0"), ("V1.0", "1.0"), ("01.02.003", "1.2.3"), ("  1.0\n", "1.0"),
        ("1!2.0", "1!2.0"), ("0!1.0", "1.0"), ("2024.1.0", "2024.1.0"),
        // pre-releases and their spellings
        ("1.0a1", "1.0a1"), ("1.0alpha1", "1.0a1"), ("1.0.a1", "1.0a1"), ("1.0-a1", "1.0a1"), ("1.0_a_1", "1.0a1"),
        ("1.0a", "1.0a0"), ("1.0ALPHA", "1.0a0"), ("1.0beta2", "1.0b2"), ("1.0c3", "1.0rc3"), ("1.0pre3", "1.0rc3"),
        ("1.0preview3", "1.0rc3"), ("1.0-RC.3", "1.0rc3"), ("1.0rc", "1.0rc0"), ("1.0a-1", "1.0a1"),
        // post-releases
        ("1.0.post1", "1.0.post1"), ("1.0post1", "1.0.post1"), ("1.0-post1", "1.0.post1"), ("1.0.post", "1.0.post0"),
        ("1.0-1", "1.0.post1"), ("1.0r1", "1.0.post1"), ("1.0rev1", "1.0.post1"), ("1.0-r-1", "1.0.post1"),
        ("1.0a1-1", "1.0a1.post1"),
        // dev-releases
        ("1.0.dev1", "1.0.dev1"), ("1.0dev1", "1.0.dev1"), ("1.0-dev", "1.0.dev0"), ("1.0_dev_1", "1.0.dev1"),
        ("1.0a1.post2.dev3", "1.0a1.post2.dev3"),
        // local labels: lowercased, separators to '.', numbers without leading zeros
        ("1.0+abc", "1.0+abc"), ("1.0+ABC.007", "1.0+abc.7"), ("1.0+abc-def_1", "1.0+abc.def.1"),
        // separators the pattern swallows
        ("1.0a.", "1.0a0"), ("1.0a.post1", "1.0a0.post1"), ("1.0.dev-", "1.0.dev0"), ("1.0a--1", "1.0a0.post1"),
    ])
    func normalises(_ input: String, _ normalised: String) throws {
        let version = try PEP440Version(parsing: input)
        #expect(version.description == normalised)
        // The normalised form reads back as itself.
        #expect(try PEP440Version(parsing: normalised).description == normalised)
    }

    @Test(arguments: [
        "", "release-candidate", "v", "vv1.0", "1.0.", "1.0-", "1.2.3/x", "1.0ab", "1.0.dev1.post1", "1.0+",
        "1.0+abc..def", "1.0+-abc", "1.0+abc-", "1.0+a b", "!1", "1!", "1.0..1", "1.0pre-view1", "latest", "1.0a...dev",
    ])
    func rejects(_ input: String) {
        #expect(PEP440Version(input) == nil)
        #expect(throws: PEP440Version.ParseError.self) { try PEP440Version(parsing: input) }
    }

    @Test func errorSaysWhy() {
        #expect(throws: PEP440Version.ParseError(input: "release-candidate", reason: "a version starts with a number, like 1.2.3 or v1.2.3")) {
            try PEP440Version(parsing: "release-candidate")
        }
        #expect(throws: PEP440Version.ParseError(input: "1.0ab", reason: "unexpected 'b' at position 5")) {
            try PEP440Version(parsing: "1.0ab")
        }
        #expect(throws: PEP440Version.ParseError.self) { try PEP440Version(parsing: "1.99999999999999999999999") }
    }

    /// PEP 440's ordering, as packaging's test-suite lists it.
    static let ordered = [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
        "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1!0.1",
    ]

    @Test func ordersAsPEP440() throws {
        let versions = try Self.ordered.map { try PEP440Version(parsing: $0) }
        for (a, b) in zip(versions, versions.dropFirst()) {
            #expect(a < b, "\(a) < \(b)")
            #expect(!(b < a), "!(\(b) < \(a))")
        }
        var shuffled = versions
        shuffled.shuffle()
        #expect(shuffled.sorted().map(\.description) == Self.ordered)
    }

    @Test func trailingZerosAreEqual() throws {
        let a = try PEP440Version(parsing: "1.0")
        let b = try PEP440Version(parsing: "1.0.0")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(a.description == "1.0" && b.description == "1.0.0")
        #expect(try PEP440Version(parsing: "1.0+abc") != a)
        #expect(try PEP440Version(parsing: "1.0a1") != PEP440Version(parsing: "1.0b1"))
    }

    @Test func parts() throws {
        let v = try PEP440Version(parsing: "2!1.2.3rc4.post5.dev6+ubuntu.1")
        #expect(v.epoch == 2 && v.release == [1, 2, 3])
        #expect(v.pre == .init(.releaseCandidate, 4) && v.post == 5 && v.dev == 6)
        #expect(v.local == [.word("ubuntu"), .number(1)])
        #expect(v.publicVersion.description == "2!1.2.3rc4.post5.dev6")
        #expect(v.baseVersion.description == "2!1.2.3")
        #expect(v.isPreRelease && v.isPostRelease && v.isDevRelease && !v.isFinalRelease)
        #expect(try PEP440Version(parsing: "1.2").isFinalRelease)
        #expect(try PEP440Version(parsing: "1.2").micro == 0)
        #expect(try !PEP440Version(parsing: "1.2.post1").isPreRelease)
    }
}

@Suite struct ProjectNameTests {
    @Test(arguments: ["my_package", "My.Pkg-2", "a", "A1", "x__y"])
    func valid(_ name: String) throws {
        #expect(try ProjectName(validating: name).spelling == name)
    }

    @Test(arguments: ["", "-pkg", "pkg_", "my package", "pkg!", "paquete-ñ", ".x"])
    func invalid(_ name: String) {
        #expect(throws: ProjectName.InvalidName.self) { try ProjectName(validating: name) }
    }

    @Test func normalisesPerPEP503() throws {
        #expect(try ProjectName(validating: "My_Pkg.x").normalized == "my-pkg-x")
        #expect(try ProjectName(validating: "a-_.-b").normalized == "a-b")
        #expect(try ProjectName(validating: "Friendly-Bard").normalized == "friendly-bard")
    }
}
