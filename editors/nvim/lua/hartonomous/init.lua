-- hartonomous for Neovim 0.11+: the language server through vim.lsp.config / vim.lsp.enable,
-- a fix-all command and opt-in fix-on-save.
local M = {}

M.defaults = {
  -- The server command. nil: `hartonomous server` from PATH, or `python -m hartonomous_lsp`
  -- when `python` is set (a virtualenv's interpreter, say).
  cmd = nil,
  python = nil,
  filetypes = { "sql" },
  -- Besides these, the nearest folder holding a *.sqlproj wins (an SSDT project's root).
  root_markers = { "hartonomous.toml", "pyproject.toml", ".git" },
  -- Sent as initializationOptions and on workspace/didChangeConfiguration.
  settings = { target = nil, select = nil, ignore = nil, unsafeFixes = true },
  fix_on_save = false,
}

M.options = vim.deepcopy(M.defaults)

local FIX_ALL = "source.fixAll.hartonomous"

function M.command(opts)
  opts = opts or M.options
  if opts.cmd then
    return opts.cmd
  end
  if opts.python then
    return { opts.python, "-m", "hartonomous_lsp" }
  end
  return { "hartonomous", "server" }
end

local function is_sqlproj(name)
  return name:match("%.sqlproj$") ~= nil
end

function M.root_dir(bufnr, on_dir)
  local root = vim.fs.root(bufnr, is_sqlproj) or vim.fs.root(bufnr, M.options.root_markers)
  if root == nil then
    local name = vim.api.nvim_buf_get_name(bufnr)
    root = name ~= "" and vim.fs.dirname(name) or vim.uv.cwd()
  end
  on_dir(root)
end

local function client_for(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = "hartonomous" })[1]
end

--- Applies the server's safe fixes to a buffer, synchronously (so it can run before a write).
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = client_for(bufnr)
  if client == nil then
    vim.notify("hartonomous: no language server on this buffer", vim.log.levels.WARN)
    return false
  end
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = 0, character = 0 }, ["end"] = { line = 0, character = 0 } },
    context = { only = { FIX_ALL }, diagnostics = {} },
  }
  local response = client:request_sync("textDocument/codeAction", params, timeout_ms or 3000, bufnr)
  if response == nil or response.err then
    return false
  end
  local applied = false
  for _, action in ipairs(response.result or {}) do
    if action.kind == FIX_ALL and action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
    end
  end
  return applied
end

function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local settings = M.options.settings
  vim.lsp.config("hartonomous", {
    cmd = M.command(M.options),
    filetypes = M.options.filetypes,
    root_dir = M.root_dir,
    init_options = vim.tbl_extend("force", { diagnosticMode = "push" }, settings),
    settings = { hartonomous = settings },
  })
  vim.lsp.enable("hartonomous")

  vim.api.nvim_create_user_command("HartonomousFixAll", function()
    M.fix_all(0)
  end, { desc = "hartonomous: apply every safe fix to this buffer" })

  local group = vim.api.nvim_create_augroup("hartonomous", { clear = true })
  if M.options.fix_on_save then
    vim.api.nvim_create_autocmd("BufWritePre", {
      group = group,
      pattern = { "*.sql", "*.SQL" },
      -- A fix may open another file (a new index file): its FileType must fire so that the
      -- server hears of it.
      nested = true,
      callback = function(args)
        M.fix_all(args.buf, 1000)
      end,
      desc = "hartonomous: safe fixes before writing",
    })
  end
end

return M
