-- The HT101 quick fix, the way a user meets it: diagnostic on the SCHEMA_ONLY line, cursor
-- there, code action applied, buffer written.
local t = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)), "common.lua"))
t.setup()

local path = t.project .. "/Tables/dbo.BillingUsageLedger_InMemory.sql"
vim.cmd.edit(vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()
assert(vim.bo[buf].filetype == "sql", "filetype " .. vim.bo[buf].filetype)

t.wait("the HT101 diagnostic", function()
  return t.diagnostic(buf, "HT101") ~= nil
end)
local d = t.diagnostic(buf, "HT101")
local line = vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]
if not line:find("SCHEMA_ONLY", 1, true) then
  t.fail("HT101 is not on the SCHEMA_ONLY line: " .. line)
end
print("diagnostic: " .. d.lnum + 1 .. ":" .. d.col + 1 .. " " .. d.message)
local client = vim.lsp.get_clients({ bufnr = buf, name = "hartonomous" })[1]
print("root: " .. client.root_dir)

vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
vim.lsp.buf.code_action({
  filter = function(action)
    return action.title:match("^HT101:") ~= nil
  end,
  apply = true,
})
t.wait("the fixed buffer", function()
  return t.buffer_text(buf):find("DURABILITY = SCHEMA_AND_DATA", 1, true) ~= nil
end, 10000)
vim.cmd.write()
if not t.read(path):find("DURABILITY = SCHEMA_AND_DATA", 1, true) then
  t.fail("the file on disk was not fixed")
end
t.wait("HT101 to go away", function()
  return t.diagnostic(buf, "HT101") == nil
end)
print("fixed: " .. vim.trim(vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1]))
