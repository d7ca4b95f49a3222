import Testing
@testable import GantryPython

/// What the package registry reads from an upload: core metadata (METADATA / PKG-INFO), wheel
/// and sdist file names, and the name and version forms an index compares.
@Suite struct DistributionMetadataTests {
    @Test func readsFieldsContinuationLinesAndTheDescriptionBody() throws {
        let text = """
            Metadata-Version: 2.1\r
            Name: My_Pkg\r
            Version: 1.0.0\r
            Summary: Daily energy  \r
            Requires-Python: >=3.9\r
            Classifier: Typing :: Typed\r
            Classifier: Programming Language :: Python :: 3\r
            License: MIT\r
                    |Permission is hereby granted\r
            \r
            # My package\r
            \r
            Long text.
            """
        let metadata = try CoreMetadata(parsing: text)
        #expect(metadata.metadataVersion == "2.1")
        #expect(metadata.name == "My_Pkg")
        #expect(metadata.version == "1.0.0")
        #expect(metadata.summary == "Daily energy")
        #expect(metadata.requiresPython == ">=3.9")
        #expect(metadata["requires-python"] == ">=3.9")
        #expect(metadata.all("Classifier") == ["Typing :: Typed", "Programming Language :: Python :: 3"])
        #expect(metadata["License"] == "MIT\n|Permission is hereby granted")
        #expect(metadata.body == "# My package\n\nLong text.")
        #expect(metadata["Home-page"] == nil)
    }

    @Test func refusesWhatIsNotHeaderText() {
        #expect(throws: CoreMetadata.ParseError(line: 2, reason: "'this is not a header' is not a 'Field: value' line")) {
            try CoreMetadata(parsing: "Name: x\nthis is not a header\n")
        }
        #expect(throws: CoreMetadata.ParseError.self) { try CoreMetadata(parsing: "  leading continuation\nName: x\n") }
        #expect(throws: CoreMetadata.ParseError.self) { try CoreMetadata(parsing: "\u{7F}ELF\u{02}\u{01}: binary\n") }
    }

    @Test(arguments: [
        ("pvoutput-0.3.0-py3-none-any.whl", DistributionFilename.Kind.wheel, "pvoutput", "0.3.0"),
        ("My_Pkg-1.0rc1-1-cp311-cp311-manylinux_2_17_x86_64.whl", .wheel, "My_Pkg", "1.0rc1"),
        ("pvoutput-0.3.0.tar.gz", .sdistTarGzip, "pvoutput", "0.3.0"),
        ("foo-bar-1.0.tar.gz", .sdistTarGzip, "foo-bar", "1.0"),
        ("foo-1.0-1.tar.gz", .sdistTarGzip, "foo", "1.0.post1"),
        ("Foo.Bar-2.0.ZIP", .sdistZip, "Foo.Bar", "2.0"),
    ])
    func parsesDistributionFileNames(_ filename: String, _ kind: DistributionFilename.Kind, _ name: String, _ version: String) throws {
        let parsed = try DistributionFilename(parsing: filename)
        #expect(parsed.kind == kind)
        #expect(parsed.name == name)
        #expect(parsed.version.description == version)
    }

    @Test func wheelTagsAndFileTypes() throws {
        let wheel = try DistributionFilename(parsing: "My_Pkg-1.0-1-cp311-abi3-linux_x86_64.whl")
        #expect([wheel.pythonTag, wheel.abiTag, wheel.platformTag] == ["cp311", "abi3", "linux_x86_64"])
        #expect(wheel.normalizedName == "my-pkg")
        #expect(wheel.kind.fileType == "bdist_wheel")
        #expect(try DistributionFilename(parsing: "a-1.tar.gz").kind.fileType == "sdist")
    }

    @Test(arguments: [
        ("pvoutput-0.3.0.exe", "only wheels (.whl) and source distributions (.tar.gz, .zip) are accepted"),
        ("pvoutput-0.3.0.whl", "a wheel is named {name}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl"),
        ("pvoutput-0.3.0-x1-py3-none-any.whl", "the build tag 'x1' does not start with a digit"),
        ("pvoutput-latest-py3-none-any.whl", "'latest' is not a PEP 440 version"),
        ("pvoutput.tar.gz", "a source distribution is named {name}-{version}.tar.gz"),
        ("-1.0.tar.gz", "a source distribution is named {name}-{version}.tar.gz"),
    ])
    func refusesFileNamesThatAreNotDistributions(_ filename: String, _ reason: String) {
        #expect(throws: DistributionFilename.InvalidFilename(filename: filename, reason: reason)) {
            try DistributionFilename(parsing: filename)
        }
    }

    @Test(arguments: [("1.0.0", "1"), ("1.0", "1"), ("2.1.0rc1", "2.1rc1"), ("1.4.0.0.0", "1.4"), ("0.3.0", "0.3"),
                      ("1.0.post1", "1.post1"), ("1!2.0+local.1", "1!2+local.1"), ("10.0.1", "10.0.1")])
    func canonicalFormsDropTrailingZerosAsPackagingDoes(_ version: String, _ canonical: String) throws {
        #expect(try PEP440Version(parsing: version).canonicalForm == canonical)
    }

    @Test(arguments: [("My_Pkg", "my-pkg"), ("a.-_b", "a-b"), ("Pvoutput", "pvoutput"), ("zope.interface", "zope-interface")])
    func namesNormalizeAsPEP503Says(_ name: String, _ normalized: String) {
        #expect(ProjectName.normalize(name) == normalized)
    }

    /// An attestation's subject may spell the file's name in another form (PEP 740): the same
    /// distribution, not the same text.
    @Test func equivalentFileNamesAreTheSameDistribution() throws {
        let wheel = try DistributionFilename(parsing: "my_pkg-1.0-py3-none-any.whl")
        #expect(wheel.isEquivalent(to: try DistributionFilename(parsing: "My.Pkg-1.0.0-py3-none-any.whl")))
        for other in ["my_pkg-1.1-py3-none-any.whl", "my_pkg-1.0-cp311-none-any.whl", "my_pkg-1.0.tar.gz", "other-1.0-py3-none-any.whl"] {
            #expect(!wheel.isEquivalent(to: try DistributionFilename(parsing: other)), "\(other)")
        }
        #expect(!(try DistributionFilename(parsing: "my_pkg-1.0.tar.gz")).isEquivalent(to: try DistributionFilename(parsing: "my_pkg-1.0.zip")))
    }
}
