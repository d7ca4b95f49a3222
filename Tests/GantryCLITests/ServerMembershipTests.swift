import Foundation
import GantryTestSupport
import Testing

/// GitLab's membership model with two users and two groups, through python-gitlab, requests and
/// git: creators own what they create, others see nothing of a private group until they are
/// members, roles inherited from a group decide who changes variables, runs pipelines and pushes,
/// and page totals count only what the caller may see.
@Suite(.serialized) struct ServerMembershipTests {
    @Test func rolesDecideWhatEachUserMaySeeAndDo() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let repo = try ServerProcess.repository(files: [".gitlab-ci.yml": "job:\n  script: [echo hi]\n"])
        let out = try server.python("""
            import requests, subprocess
            api = gl.url + "/api/v4"
            env = {"GIT_TERMINAL_PROMPT": "0", "PATH": "/usr/bin:/bin"}
            alice, alice_token, a = person("alice")
            bob, bob_token, b = person("bob")
            def status(client_token, method, path, **kw):
                r = requests.request(method, api + path, headers={"PRIVATE-TOKEN": client_token}, **kw)
                return r.status_code
            def push(token, ref):
                url = gl.url.replace("http://", "http://u:" + token + "@") + "/alpha/app.git"
                p = subprocess.run(["git", "-C", "\(repo.path)", "push", url, ref], capture_output=True, text=True, env=env)
                return p.returncode, p.stderr

            alpha = a.groups.create({"name": "alpha", "path": "alpha"})
            beta = b.groups.create({"name": "beta", "path": "beta"})
            print("creator owns", [m.access_level for m in alpha.members.list()], alpha.members.list()[0].username)
            app = a.projects.create({"name": "app", "namespace_id": alpha.id})
            app.variables.create({"key": "SECRET", "value": "s3cr3t-value", "masked": True})
            print("alice push", push(alice_token, "main")[0])

            # bob is no member of alpha: he sees nothing of it and cannot create anything inside.
            r = requests.post(api + "/projects", headers={"PRIVATE-TOKEN": bob_token}, json={"name": "intruder", "namespace_id": alpha.id})
            print("bob project in alpha", r.status_code)
            r = requests.post(api + "/groups", headers={"PRIVATE-TOKEN": bob_token}, json={"name": "sub", "path": "sub", "parent_id": alpha.id})
            print("bob subgroup in alpha", r.status_code)
            print("bob sees app", status(bob_token, "GET", f"/projects/{app.id}"))
            print("bob sees variables", status(bob_token, "GET", f"/projects/{app.id}/variables"))
            r = requests.get(api + "/projects", headers={"PRIVATE-TOKEN": bob_token})
            print("bob project list", r.headers["X-Total"], len(r.json()))
            r = requests.get(api + "/groups", headers={"PRIVATE-TOKEN": bob_token})
            print("bob group list", r.headers["X-Total"], [g["full_path"] for g in r.json()])
            code, err = push(bob_token, "main:bob")
            print("bob push", code, "could not be found" in err)

            # As a Developer of alpha, inherited by alpha/app.
            m = alpha.members.create({"user_id": bob.id, "access_level": 30})
            print("added", m.access_level, m.username)
            r = requests.post(api + f"/groups/{alpha.id}/members", headers={"PRIVATE-TOKEN": alice_token}, json={"user_id": bob.id, "access_level": 30})
            print("again", r.status_code, r.json())
            r = requests.post(api + f"/groups/{alpha.id}/members", headers={"PRIVATE-TOKEN": alice_token}, json={"user_id": bob.id, "access_level": 33})
            print("bad level", r.status_code)
            print("all members", sorted((m.username, m.access_level) for m in a.projects.get(app.id).members_all.list()))
            print("direct members", sorted(m.username for m in a.projects.get(app.id).members.list()))
            print("bob sees app", status(bob_token, "GET", f"/projects/{app.id}"))
            print("bob's memberships", [p.path_with_namespace for p in b.projects.list(membership=True)],
                  [g.full_path for g in b.groups.list(min_access_level=30)], [g.full_path for g in b.groups.list(min_access_level=40)])
            print("bob sees variables", status(bob_token, "GET", f"/projects/{app.id}/variables"))
            print("bob sets variable", status(bob_token, "POST", f"/projects/{app.id}/variables", json={"key": "X", "value": "y"}))
            r = requests.post(api + f"/projects/{app.id}/pipeline", headers={"PRIVATE-TOKEN": bob_token}, json={"ref": "main"})
            print("bob runs pipeline", r.status_code)
            print("bob cancels", status(bob_token, "POST", f"/projects/{app.id}/pipelines/{r.json()['id']}/cancel"))
            print("bob push branch", push(bob_token, "main:bob-branch")[0])
            print("bob project in alpha", status(bob_token, "POST", "/projects", json={"name": "bobs", "namespace_id": alpha.id}))
            print("bob changes app", status(bob_token, "PUT", f"/projects/{app.id}", json={"visibility": "internal"}))
            print("bob changes alpha", status(bob_token, "PUT", f"/groups/{alpha.id}", json={"description": "mine"}))
            r = requests.get(api + "/groups", headers={"PRIVATE-TOKEN": bob_token})
            print("bob group list", r.headers["X-Total"], sorted(g["full_path"] for g in r.json()))

            # Reporter: reads and clones, but pushes and pipelines are refused.
            m = alpha.members.get(bob.id); m.access_level = 20; m.save()
            code, err = push(bob_token, "main:bob-2")
            print("reporter push", code, "You are not allowed to push code to this project." in err)
            print("reporter runs pipeline", status(bob_token, "POST", f"/projects/{app.id}/pipeline", json={"ref": "main"}))

            # The Owner changes settings; a project is never more visible than its group.
            r = requests.put(api + f"/projects/{app.id}", headers={"PRIVATE-TOKEN": alice_token}, json={"visibility": "public"})
            print("too visible", r.status_code, r.json())
            r = requests.put(api + f"/projects/{app.id}", headers={"PRIVATE-TOKEN": alice_token}, json={"description": "the app", "default_branch": "bob-branch"})
            print("settings", r.status_code, r.json()["description"], r.json()["default_branch"])
            alpha.members.delete(bob.id)
            print("bob after removal", status(bob_token, "GET", f"/projects/{app.id}"))
            print("last owner", status(alice_token, "DELETE", f"/groups/{alpha.id}/members/{alice.id}"))
            r = requests.get(api + "/projects", headers={"PRIVATE-TOKEN": bob_token})
            print("bob project list", r.headers["X-Total"], len(r.json()))
            """)
        let expected = [
            "creator owns [50] alice",
            "alice push 0",
            "bob project in alpha 404",
            "bob subgroup in alpha 404",
            "bob sees app 404",
            "bob sees variables 404",
            "bob project list 0 0",
            "bob group list 1 ['beta']",
            "bob push 128 True",
            "added 30 bob",
            "again 409 {'message': 'Member already exists'}",
            "bad level 400",
            "all members [('alice', 50), ('bob', 30)]",
            "direct members ['alice']",
            "bob sees app 200",
            "bob's memberships ['alpha/app'] ['alpha', 'beta'] ['beta']",
            "bob sees variables 403",
            "bob sets variable 403",
            "bob runs pipeline 201",
            "bob cancels 200",
            "bob push branch 0",
            "bob project in alpha 400",
            "bob changes app 403",
            "bob changes alpha 403",
            "bob group list 2 ['alpha', 'beta']",
            "reporter push 128 True",
            "reporter runs pipeline 403",
            "too visible 400 {'message': {'visibility_level': ['public is not allowed in a private group.']}}",
            "settings 200 the app bob-branch",
            "bob after removal 404",
            "last owner 403",
            "bob project list 0 0",
        ]
        for line in expected {
            #expect(out.contains(line + "\n"), "missing: \(line)\n\(out)")
        }
    }
}
