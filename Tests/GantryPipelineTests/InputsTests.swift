import Testing
import GantryPipeline
import GantryTestSupport
import GantryYAML

/// `spec:inputs` headers, `include: inputs:` and `$[[ inputs.… ]]`, with GitLab's messages (copied from
/// GitLab's spec files: interpolation/inputs_spec.rb, interpolator_spec.rb, header/*_spec.rb).
struct InputsTests {
    /// Includes `file` (the text after a `spec:` header) with `inputs` (YAML flow text) and returns the result.
    func include(_ header: String, _ body: String, inputs: String? = nil) -> LoadResult {
        let main = "include:\n  - local: ci/part.yml\n" + (inputs.map { "    inputs: \($0)\n" } ?? "")
        return load(main, files: ["ci/part.yml": "spec:\n  inputs:\n" + header + "---\n" + body])
    }

    @Test func requiredStringInputIsInterpolated() throws {
        let r = include("    website:\n", "deploy:\n  script: [\"deploy $[[ inputs.website ]]\"]\n", inputs: "{website: gitlab.com}")
        let job = try #require(r.config?.job(named: "deploy"))
        #expect(job["script"]?.sequence?.first?.string == "deploy gitlab.com")
    }

    @Test func defaultIsUsedWhenNoValueIsGiven() throws {
        let r = include("    stage: {default: test}\n", "job:\n  stage: $[[ inputs.stage ]]\n  script: [x]\n")
        #expect(r.config?.job(named: "job")?.stage == "test")
        let given = include("    stage: {default: test}\n", "job:\n  stage: $[[ inputs.stage ]]\n  script: [x]\n", inputs: "{stage: build}")
        #expect(given.config?.job(named: "job")?.stage == "build")
    }

    @Test func typedValuesKeepTheirTypeWhenTheyAreTheWholeValue() throws {
        let r = include("""
            parallel: {type: number, default: 3}
            allow: {type: boolean, default: true}
            scripts: {type: array, default: [one, two]}

        """, """
        job:
          parallel: $[[ inputs.parallel ]]
          allow_failure: $[[ inputs.allow ]]
          script: $[[ inputs.scripts ]]
          variables: {TEXT: "n=$[[ inputs.parallel ]] a=$[[ inputs.allow ]] s=$[[ inputs.scripts ]]"}

        """)
        let job = try #require(r.config?.job(named: "job"))
        #expect(job["parallel"]?.scalar?.value == .int(3))
        #expect(job["allow_failure"]?.scalar?.value == .bool(true))
        #expect(job["script"]?.sequence?.compactMap(\.string) == ["one", "two"])
        #expect(job["variables"]?.mapping?["TEXT"]?.string == #"n=3 a=true s=["one", "two"]"#)
    }

    @Test func anArrayInputInsideAListIsSplicedIn() throws {
        let r = include("    steps: {type: array}\n", "job:\n  script:\n    - echo first\n    - $[[ inputs.steps ]]\n    - echo last\n",
                        inputs: "{steps: [a, b]}")
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.compactMap(\.string) == ["echo first", "a", "b", "echo last"])
    }

    @Test func keysAreInterpolatedToo() throws {
        let r = include("    name: {default: unit}\n", "test-$[[ inputs.name ]]:\n  script: [x]\n")
        #expect(r.config?.job(named: "test-unit") != nil)
    }

    @Test func theSameFileWithOtherInputsIsIncludedAgain() throws {
        let main = """
        include:
          - local: ci/part.yml
            inputs: {name: a}
          - local: ci/part.yml
            inputs: {name: b}
        """
        let r = load(main, files: ["ci/part.yml": "spec:\n  inputs:\n    name:\n---\njob-$[[ inputs.name ]]:\n  script: [x]\n"])
        #expect(r.config?.jobs.map(\.name).sorted() == ["job-a", "job-b"])
    }

    @Test func inputsReachNestedIncludes() throws {
        let main = "include:\n  - local: ci/outer.yml\n    inputs: {name: deep}\n"
        let outer = "spec: {inputs: {name: }}\n---\ninclude:\n  - local: ci/$[[ inputs.name ]].yml\n    inputs: {job: \"$[[ inputs.name ]]-job\"}\n"
        let inner = "spec: {inputs: {job: }}\n---\n$[[ inputs.job ]]: {script: [x]}\n"
        let r = load(main, files: ["ci/outer.yml": outer, "ci/deep.yml": inner])
        #expect(r.config?.jobs.map(\.name) == ["deep-job"])
    }

    @Test func optionsAndRegexAcceptGoodValues() throws {
        let r = include("    env: {options: [dev, prod], default: dev}\n    ver: {regex: '^v\\d+$'}\n",
                        "job:\n  script: [\"$[[ inputs.env ]] $[[ inputs.ver ]]\"]\n", inputs: "{env: prod, ver: v2}")
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.first?.string == "prod v2")
        let number = include("    n: {type: number, options: [1, 2, 3], default: 1}\n", "job:\n  parallel: $[[ inputs.n ]]\n  script: [x]\n",
                             inputs: "{n: 2}")
        #expect(number.config?.job(named: "job")?["parallel"]?.scalar?.value == .int(2))
    }

    @Test func includedFileErrorsNameTheFileAsGitLabDoes() {
        #expect(errors(include("    website:\n", "job: {script: [x]}\n"))
                == ["`ci/part.yml`: `website` input: required value has not been provided"])
        #expect(errors(include("    website:\n", "job: {script: [x]}\n", inputs: "{website: [gitlab.com]}"))
                == ["`ci/part.yml`: `website` input: provided value is not a string"])
        #expect(errors(include("    foo:\n", "job: {script: [x]}\n", inputs: "{foo: bar, test: bar}"))
                == ["`ci/part.yml`: unknown input arguments: test"])
    }

    @Test func typeErrors() {
        func check(_ spec: String, _ inputs: String?, _ expected: String) {
            #expect(errors(include("    foo: \(spec)\n", "job: {script: [x]}\n", inputs: inputs)) == ["`ci/part.yml`: `foo` input: \(expected)"])
        }
        check("{type: string}", "{foo: 123}", "provided value is not a string")
        check("{type: string, default: 123}", nil, "default value is not a string")
        check("{type: number}", "{foo: false}", "provided value is not a number")
        check("{type: number, default: NaN}", nil, "default value is not a number")
        check("{type: boolean}", "{foo: string}", "provided value is not a boolean")
        check("{type: boolean, default: string}", nil, "default value is not a boolean")
        check("{type: array}", "{foo: string}", "provided value is not an array")
        check("{type: array, default: string}", nil, "default value is not an array")
    }

    @Test func optionAndRegexErrors() {
        func check(_ spec: String, _ inputs: String?, _ expected: String) {
            #expect(errors(include("    foo: \(spec)\n", "job: {script: [x]}\n", inputs: inputs)) == ["`ci/part.yml`: \(expected)"])
        }
        check("{default: coop, options: [one, two, three]}", nil,
              "`foo` input: `coop` cannot be used because it is not in the list of allowed options")
        check("{default: one, options: [one, two, three]}", "{foo: niet}",
              "`foo` input: `niet` cannot be used because it is not in the list of allowed options")
        check("{default: 1, options: [1, 2, 3, 4, 5], type: number}", "{foo: word}",
              "`foo` input: provided value is not a number, `foo` input: `word` cannot be used because it is not in the list of the allowed options")
        check("{default: true, options: [true, false], type: boolean}", nil,
              "`foo` input: Options can only be used with string and number inputs")
        check("{regex: '^input_value$'}", "{foo: input}", "`foo` input: provided value does not match required RegEx pattern")
        check("{default: input, regex: '^input_value$'}", nil, "`foo` input: default value does not match required RegEx pattern")
        check("{regex: '^input_value$', type: number}", "{foo: 999}", "`foo` input: RegEx validation can only be used with string inputs")
        check("{regex: 'a++'}", "{foo: aaaa}", "`foo` input: invalid regular expression")
    }

    @Test func atMostThreeErrorsAreJoinedIntoOne() {
        let r = include("    a:\n    b:\n    c:\n    d:\n", "job: {script: [x]}\n")
        #expect(errors(r) == ["`ci/part.yml`: `a` input: required value has not been provided, `b` input: required value has not been provided, `c` input: required value has not been provided"])
    }

    @Test func inputsForAFileWithoutHeader() {
        let r = load("include:\n  - local: ci/plain.yml\n    inputs: {foo: bar}\n", files: ["ci/plain.yml": "job: {script: [x]}\n"])
        #expect(errors(r) == ["`ci/plain.yml`: Given inputs not defined in the `spec` section of the included configuration file"])
    }

    @Test func blocksInAFileWithoutHeaderStayAsWrittenWithAWarning() throws {
        let r = load("include: ci/plain.yml\n", files: ["ci/plain.yml": "job:\n  script: [\"echo $[[ inputs.foo ]]\"]\n"])
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.first?.string == "echo $[[ inputs.foo ]]")
        let warning = try #require(r.diagnostics.warnings.first)
        #expect(warning.message.hasPrefix("`$[[ … ]]` is left as written"))
        #expect(warning.mark.file == "ci/plain.yml" && warning.mark.line == 2)
    }

    @Test func headerErrors() {
        func check(_ header: String, _ expected: String) {
            let r = load("include: ci/part.yml\n", files: ["ci/part.yml": header + "---\njob: {script: [x]}\n"])
            #expect(errors(r) == ["`ci/part.yml`: \(expected)"])
        }
        check("spec:\n  arguments:\n    website:\n", "header:spec config contains unknown keys: arguments")
        check("spec: {inputs: {foo: {bad: value}}}\n", "header:spec:inputs:foo config contains unknown keys: bad")
        check("spec: {inputs: {foo: {type: datetime}}}\n", "header:spec:inputs:foo input type unknown value: datetime")
        check("spec: {inputs: {foo: {regex: []}}}\n", "header:spec:inputs:foo input regex should be a string")
        check("spec: {inputs: {foo: 123}}\n", "header:spec:inputs:foo config should be a hash")
        check("spec: {inputs: {foo: {options: one}}}\n", "header:spec:inputs:foo input options should be an array")
        check("spec: {inputs: {foo: {description: [a]}}}\n", "header:spec:inputs:foo input description must be an alphanumeric string")
        check("spec: {inputs: {}}\ntest: 123\n", "header config contains unknown keys: test")
        let options = (0...50).map { "v\($0)" }.joined(separator: ", ")
        check("spec: {inputs: {foo: {default: v1, options: [\(options)]}}}\n", "header:spec:inputs:foo config cannot define more than 50 options")
    }

    @Test func theHeaderIsNotInterpolated() throws {
        let r = include("    foo: {default: x, description: \"use $[[ inputs.foo ]]\"}\n", "job: {script: [\"$[[ inputs.foo ]]\"]}\n")
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.first?.string == "x")
    }

    @Test func interpolationErrors() {
        func check(_ body: String, _ expected: String) {
            #expect(errors(include("    website: {default: gitlab.com}\n", body)) == ["`ci/part.yml`: \(expected)"])
        }
        check("job: {script: [\"deploy $[[ inputs.abc ]]\"]}\n", "unknown interpolation key: `abc`")
        check("job: {script: [\"deploy $[[ inputs.something.abc ]] $[[ inputs.cde ]] $[[ efg ]]\"]}\n", "unknown interpolation key: `something`")
        check("job: {script: [\"$[[ abc ]]\"]}\n", "invalid interpolation access pattern")
        check("job: {script: [\"$[[ inputs.\(String(repeating: "a", count: 1020)) ]]\"]}\n", "maximum interpolation expression size exceeded")
        check("job: {script: [\"$[[ inputs.website | truncate(0,1) | truncate(0,1) | truncate(0,1) | truncate(0,1) ]]\"]}\n",
              "too many functions in interpolation block")
        check("job: {script: [\"$[[ inputs.website | truncate(2) ]]\"]}\n",
              "no function matching `truncate(2)`: check that the function name, arguments, and types are correct")
        check("job: {script: [\"$[[ inputs.website | split(',') | truncate(0,1) ]]\"]}\n",
              "split() must be the last function in a chain (it returns an array, not a string)")
    }

    @Test func theTopLevelFileMayHaveAHeaderWithDefaults() throws {
        let r = load("spec:\n  inputs:\n    stage: {default: test}\n---\njob:\n  stage: $[[ inputs.stage ]]\n  script: [x]\n")
        #expect(r.config?.job(named: "job")?.stage == "test")
        let missing = load("spec:\n  inputs:\n    stage:\n---\njob:\n  stage: $[[ inputs.stage ]]\n  script: [x]\n")
        #expect(errors(missing) == ["`stage` input: required value has not been provided"])
    }

    @Test func pipelineInputsFillTheTopLevelHeader() throws {
        let text = "spec:\n  inputs:\n    stage:\n---\njob:\n  stage: $[[ inputs.stage ]]\n  script: [x]\n"
        func loaded(_ inputs: String) throws -> LoadResult {
            let mapping = try #require(try YAMLLoader.load(inputs, file: "inputs").root?.mapping)
            return ConfigLoader(source: MemorySource(), inputs: mapping).load(text: text, file: ".gitlab-ci.yml")
        }
        #expect(try loaded("stage: build").config?.job(named: "job")?.stage == "build")
        #expect(errors(try loaded("stage: build\nother: 1")) == ["unknown input arguments: other"])
        let plain = ConfigLoader(source: MemorySource(), inputs: try #require(try YAMLLoader.load("a: 1", file: "i").root?.mapping))
        #expect(errors(plain.load(text: "job: {script: [x]}\n", file: ".gitlab-ci.yml"))
                == ["Given inputs not defined in the `spec` section of the included configuration file"])
    }

    @Test func headerAndBodyAreSeparateDocuments() throws {
        // Anchors do not cross documents; a third document is ignored with a warning.
        let r = load("spec: {inputs: {a: {default: x}}}\n---\njob: {script: [\"$[[ inputs.a ]]\"]}\n---\nother: {script: [y]}\n")
        #expect(r.config?.jobs.map(\.name) == ["job"])
        #expect(r.diagnostics.warnings.map(\.message).contains { $0.hasPrefix("only the document after the `spec:` header is read") })
        let plain = load("job: {script: [x]}\n---\nother: {script: [y]}\n")
        #expect(plain.config?.jobs.map(\.name) == ["job"])
        #expect(plain.diagnostics.warnings.map(\.message) == ["only the first YAML document is read; later documents are ignored"])
    }

    @Test func matrixBlocksAreLeftForNeeds() throws {
        let r = include("    foo: {default: x}\n", "job: {script: [\"$[[ matrix.PROVIDER ]] $[[ inputs.foo ]]\"]}\n")
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.first?.string == "$[[ matrix.PROVIDER ]] x")
    }
}
