#pragma once

#include <cstdio>
#include <string>

namespace tokenbridge::vtoken
{

// Line logger to stderr or a file. Callers never pass PINs or APDU bodies of PIN commands.
class Log
{
public:
    explicit Log(const std::string& path = {});
    ~Log();
    Log(const Log&) = delete;
    Log& operator=(const Log&) = delete;

    void line(const std::string& text);

private:
    FILE* _out;
    bool _owned;
};

} // namespace tokenbridge::vtoken
