#include "AskState.h"

namespace airdisplay {

AskState::~AskState()
{
    if (m_deadlines)
        m_deadlines->disarm(*this);
}

bool AskState::claim() noexcept
{
    if (m_settled.exchange(true, std::memory_order_acq_rel))
        return false;
    if (m_deadlines)
        m_deadlines->disarm(*this);
    return true;
}

} // namespace airdisplay
