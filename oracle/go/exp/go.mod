module tracefuzz.local/oracle-exp

go 1.22

require golang.org/x/exp v0.0.0-20240529005216-23cca8864a10
