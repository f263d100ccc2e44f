-- :checkhealth hartonomous, written to a file the test reads.
local t = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)), "common.lua"))
t.setup()
vim.cmd.edit(vim.fn.fnameescape(t.project .. "/Tables/dbo.Model.sql"))
t.wait("the client", function()
  return #vim.lsp.get_clients({ name = "hartonomous" }) > 0
end)
vim.cmd("checkhealth hartonomous")
local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
print(report)
