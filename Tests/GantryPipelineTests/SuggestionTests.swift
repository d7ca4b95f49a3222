import GantryPipeline
import Testing

/// "Did you mean" on names that are not known (issue 10: lint messages).
struct SuggestionTests {
    @Test func misspelledScriptInAJobWithExtendsIsNamedWithTheKeyword() {
        let r = load(".base:\n  image: python:3.11\njob:\n  extends: .base\n  scirpt: [echo]\n")
        #expect(errors(r) == ["jobs job config should implement the script:, run:, or trigger: keyword",
                              "jobs:job config contains unknown keys: scirpt (`scirpt`: did you mean `script`?)"])
        #expect(r.diagnostics.errors.last?.mark.line == 5)
    }

    @Test func unknownJobKeysGetTheirKeyword() {
        let r = load("job:\n  script: [echo]\n  artifact: {paths: [x]}\n  befor_script: [x]\n")
        #expect(errors(r) == ["jobs:job config contains unknown keys: artifact, befor_script (`artifact`: did you mean `artifacts`? `befor_script`: did you mean `before_script`?)"])
    }

    @Test func keywordsInTheWrongPlaceAndFarNamesGetNoGuess() {
        let r = load("job:\n  script: [echo]\n  colour: red\n")
        #expect(errors(r) == ["jobs:job config contains unknown keys: colour"])
    }

    @Test func extendsAndNeedsTargetsGetTheClosestName() {
        #expect(errors(load(".python-job:\n  image: python\njob:\n  extends: .pyhton-job\n  script: [x]\n"))
                == ["job: unknown keys in `extends` (.pyhton-job); did you mean `.python-job`?"])
        #expect(errors(load("build:\n  script: [x]\ntest:\n  script: [x]\n  needs: [biuld]\n"))
                == ["test job: undefined need: biuld; did you mean `build`?"])
    }

    @Test func yamlSyntaxErrorsGetAPlainWordsHintAfterLibyamlsMessage() {
        let tab = errors(load("job:\n\tscript: [x]\n"))
        #expect(tab.first?.hasSuffix(". Hint: line 2 contains a tab character; YAML indents with spaces only") == true)
        let noSpace = load("job:\n  script:echo\n  stage: test\n")
        #expect(noSpace.diagnostics.errors.first?.description
                == ".gitlab-ci.yml:3:8: mapping values are not allowed in this context. Hint: on line 2 `script:` is not followed by a space, so it is not read as a key; write `script: ...`")
        let indent = errors(load("job:\n  script: [x]\n   stage: test\n"))
        #expect(indent.first?.hasPrefix("did not find expected key while parsing a block mapping") == true)
        #expect(indent.first?.contains("Hint: check the indentation of line 3") == true)
        let quote = errors(load("job:\n  script: [\"echo hi]\n  stage: x\n"))
        #expect(quote.first?.hasSuffix("Hint: a quoted string is not closed; every `\"` or `'` that opens a value needs its partner") == true)
        // Limits and encoding errors carry no syntax hint.
        #expect(errors(load("a: " + String(repeating: "[", count: 101) + String(repeating: "]", count: 101))).first?.contains("Hint") == false)
    }
}
