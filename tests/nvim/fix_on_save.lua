-- Opt-in fix-on-save and :HartonomousFixAll apply the safe fixes (HT501's eviction index,
-- which goes into a new file under Indexes/).
local t = dofile(vim.fs.joinpath(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)), "common.lua"))
t.setup({ fix_on_save = os.getenv("HARTONOMOUS_MODE") == "save" })

local path = t.project .. "/Tables/dbo.CachedActivation.sql"
vim.cmd.edit(vim.fn.fnameescape(path))
local buf = vim.api.nvim_get_current_buf()
t.wait("the HT501 diagnostic", function()
  return t.diagnostic(buf, "HT501") ~= nil
end)
if os.getenv("HARTONOMOUS_MODE") == "save" then
  vim.cmd.write()
else
  vim.cmd("HartonomousFixAll")
end
vim.cmd("silent! wall")
t.wait("HT501 to go away", function()
  return t.diagnostic(buf, "HT501") == nil
end)
print("fixed")
