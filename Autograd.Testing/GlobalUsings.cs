global using FsCheck;
global using FsCheck.Fluent;
