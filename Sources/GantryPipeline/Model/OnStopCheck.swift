import GantryYAML

/// `environment: on_stop:` names the job that stops the environment: it must exist (by its
/// pipeline name, so a parallel job's instances, not the job), deploy to the same environment and
/// say `action: stop`. GitLab's `YamlProcessor#validate_on_stop_job!`, with its messages.
struct OnStopCheck {
    /// Jobs by the names the pipeline gives them.
    private let jobs: [String: JobConfig]

    init(instances: [JobInstance]) {
        var jobs: [String: JobConfig] = [:]
        for instance in instances { jobs[instance.name] = instance.job }
        self.jobs = jobs
    }

    func check(_ all: [JobConfig], into diagnostics: inout Diagnostics) {
        for job in all {
            guard let environment = job["environment"]?.mapping, let onStop = environment["on_stop"],
                  let target = onStop.string else { continue }
            let prefix = "\(job.name) job: on_stop job \(target)"
            guard let stopJob = jobs[target] else {
                diagnostics.error(onStop.mark, "\(prefix) is not defined")
                continue
            }
            guard let stopEnvironment = stopJob["environment"], !stopEnvironment.isNull else {
                diagnostics.error(onStop.mark, "\(prefix) does not have environment defined")
                continue
            }
            if Self.name(of: stopEnvironment) != environment["name"]?.string {
                diagnostics.error(onStop.mark, "\(prefix) have different environment name")
            } else if Self.action(of: stopEnvironment) != "stop" {
                diagnostics.error(onStop.mark, "\(prefix) needs to have action stop defined")
            }
        }
    }

    /// `environment: review` is `{name: review, action: start}`.
    private static func name(of environment: Node) -> String? {
        environment.string ?? environment.mapping?["name"]?.string
    }

    private static func action(of environment: Node) -> String {
        environment.mapping?["action"]?.string ?? "start"
    }
}
