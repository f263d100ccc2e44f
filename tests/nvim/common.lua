-- Shared by the headless Neovim tests: load the plugin from this checkout, start the server
-- with the test's Python, and fail loudly (nvim -l exits non-zero on an error).
local M = {}

M.project = assert(os.getenv("HARTONOMOUS_PROJECT"), "HARTONOMOUS_PROJECT")
M.python = assert(os.getenv("HARTONOMOUS_PYTHON"), "HARTONOMOUS_PYTHON")

function M.setup(extra)
  vim.opt.rtp:prepend(assert(os.getenv("HARTONOMOUS_PLUGIN"), "HARTONOMOUS_PLUGIN"))
  vim.cmd("filetype on")
  local opts = vim.tbl_extend("force", { python = M.python }, extra or {})
  require("hartonomous").setup(opts)
end

function M.fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  os.exit(1)
end

function M.wait(what, predicate, ms)
  if not vim.wait(ms or 30000, predicate, 20) then
    M.fail("timed out waiting for " .. what)
  end
end

function M.diagnostic(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then
      return d
    end
  end
end

function M.buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end

function M.read(path)
  local f = assert(io.open(path, "rb"))
  local data = f:read("*a")
  f:close()
  return data
end

return M
