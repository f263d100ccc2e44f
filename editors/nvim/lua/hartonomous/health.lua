-- :checkhealth hartonomous
local M = {}

function M.check()
  local health = vim.health
  health.start("hartonomous")
  if vim.fn.has("nvim-0.11") == 1 then
    health.ok("Neovim " .. tostring(vim.version()))
  else
    health.error("Neovim 0.11 or newer is needed (vim.lsp.config / vim.lsp.enable)")
  end

  local plugin = require("hartonomous")
  local cmd = plugin.command(plugin.options)
  if vim.fn.executable(cmd[1]) == 1 then
    health.ok("server command: " .. table.concat(cmd, " "))
  else
    health.error(cmd[1] .. " is not executable", {
      "pip install hartonomous-lsp (into the Python that runs it)",
      "or setup({ python = '/path/to/venv/bin/python' })",
    })
    return
  end

  local probe = cmd[3] == "hartonomous_lsp" and { cmd[1], "-c", "import hartonomous_lsp; print(hartonomous_lsp.__version__)" }
    or { cmd[1], "--version" }
  local result = vim.system(probe, { text = true }):wait(10000)
  if result.code == 0 then
    health.ok("hartonomous " .. vim.trim(result.stdout or ""))
  else
    health.error("the server does not start: " .. vim.trim(result.stderr or ""), {
      "pip install hartonomous-lsp",
    })
  end

  local clients = vim.lsp.get_clients({ name = "hartonomous" })
  if #clients > 0 then
    health.ok(("%d client(s) running, root %s"):format(#clients, clients[1].root_dir or "?"))
  else
    health.info("no client running (open a .sql file)")
  end
end

return M
