#pragma once

#include <cstdint>
#include <stdexcept>

namespace tokenbridge::vtoken
{

// A command ends with this status word and no data; the dispatcher turns it into the response
// and rolls back any change the command made to the card state.
class CardError : public std::runtime_error
{
public:
    explicit CardError(uint16_t statusWord) :
        std::runtime_error("card status word"), _sw(statusWord)
    {
    }
    uint16_t statusWord() const { return _sw; }

private:
    uint16_t _sw;
};

} // namespace tokenbridge::vtoken
