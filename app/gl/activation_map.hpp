// GPU activation map (placeholder).
#pragma once
