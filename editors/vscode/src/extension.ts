// hartonomous for VS Code: starts `python -m hartonomous_lsp` (the language server) from the
// configured interpreter and lets vscode-languageclient do the rest. The server owns every
// rule, fix and position; this file only wires settings, commands and the status bar.
import { execFile } from "node:child_process";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

const INSTALL = "pip install hartonomous-lsp";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let status: vscode.StatusBarItem;

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration("hartonomous");
}

function interpreter(): string {
  const configured = settings().get<string>("interpreter", "").trim();
  if (configured) {
    return configured;
  }
  return process.platform === "win32" ? "python" : "python3";
}

/** What the server reads from initializationOptions and didChangeConfiguration. */
function serverSettings(): Record<string, unknown> {
  const c = settings();
  return {
    target: c.get<string | null>("target", null),
    select: c.get<string[] | null>("select", null),
    ignore: c.get<string[]>("ignore", []),
    unsafeFixes: c.get<boolean>("unsafeFixes", true),
  };
}

/** The installed version, or the reason the package cannot be imported. */
function probe(python: string): Promise<{ version?: string; error?: string }> {
  const code = "import hartonomous_lsp; print(hartonomous_lsp.__version__)";
  return new Promise((resolve) => {
    execFile(python, ["-c", code], { timeout: 20000 }, (err, stdout, stderr) => {
      if (err) {
        resolve({ error: (stderr || err.message).trim() });
      } else {
        resolve({ version: stdout.trim() });
      }
    });
  });
}

function showStatus(text: string, tooltip: string, error = false): void {
  status.text = text;
  status.tooltip = tooltip;
  status.backgroundColor = error ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
  status.show();
}

async function start(): Promise<void> {
  const python = interpreter();
  showStatus("$(sync~spin) hartonomous", `Starting the server with ${python}`);
  const found = await probe(python);
  if (!found.version) {
    showStatus("$(error) hartonomous", `hartonomous-lsp is not installed for ${python}`, true);
    output.appendLine(`${python}: ${found.error ?? "cannot import hartonomous_lsp"}`);
    const copy = "Copy install command";
    const choice = await vscode.window.showErrorMessage(
      `hartonomous: the Python package is not installed for ${python}. ` +
        `Install it with: ${python} -m ${INSTALL}, or set "hartonomous.interpreter".`,
      copy,
    );
    if (choice === copy) {
      await vscode.env.clipboard.writeText(`${python} -m ${INSTALL}`);
    }
    return;
  }
  const serverOptions: ServerOptions = {
    command: python,
    args: ["-m", "hartonomous_lsp", ...settings().get<string[]>("args", [])],
    transport: TransportKind.stdio,
  };
  const watch = (glob: string) => vscode.workspace.createFileSystemWatcher(glob);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "sql" },
      { scheme: "untitled", language: "sql" },
    ],
    initializationOptions: { ...serverSettings(), diagnosticMode: "push" },
    synchronize: {
      // A `git checkout`, a new index file, an edited .sqlproj or config file: the server
      // re-reads them from disk.
      fileEvents: [
        watch("**/*.{sql,SQL}"),
        watch("**/*.sqlproj"),
        watch("**/{hartonomous.toml,.hartonomous.toml,pyproject.toml}"),
      ],
    },
    outputChannel: output,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        showStatus("$(check) hartonomous", `hartonomous ${found.version}: ready`);
        next(uri, diagnostics);
      },
    },
  };
  client = new LanguageClient("hartonomous", "hartonomous", serverOptions, clientOptions);
  client.onDidChangeState((event) => {
    if (event.newState === State.Stopped) {
      showStatus("$(error) hartonomous", "The server stopped: see the output", true);
    } else if (event.newState === State.Running) {
      showStatus("$(sync~spin) hartonomous", "Indexing the workspace");
    }
  });
  await client.start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor || editor.document.languageId !== "sql") {
    void vscode.window.showWarningMessage("hartonomous: open a SQL file first");
    return;
  }
  await client.sendRequest("workspace/executeCommand", {
    command: "hartonomous.fixAll",
    arguments: [editor.document.uri.toString()],
  });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("hartonomous");
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 0);
  status.command = "hartonomous.showOutput";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("hartonomous.restart", async () => {
      await stop();
      await start();
    }),
    vscode.commands.registerCommand("hartonomous.showOutput", () => output.show(true)),
    // Not "hartonomous.fixAll": the client registers the server's commands under their own
    // names, and that one takes the document's URI.
    vscode.commands.registerCommand("hartonomous.fixAllInEditor", fixAll),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("hartonomous")) {
        return;
      }
      if (event.affectsConfiguration("hartonomous.interpreter") || event.affectsConfiguration("hartonomous.args")) {
        await stop();
        await start();
      } else if (client) {
        await client.sendNotification("workspace/didChangeConfiguration", {
          settings: { hartonomous: serverSettings() },
        });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
